/**
 * The report's one style sheet, inline so that the page needs nothing else. A light dashboard look; every
 * graphical colour has at least 3:1 contrast on white (WCAG 1.4.11) and text at least 4.5:1. Blue tones
 * mean protected and orange means clear, which colour-blind readers tell apart; "none" is also hatched.
 */
import { trusted } from './escape';

/** Fills shared by the SVG charts (`.s-<kind>`) and the HTML legends (`.sw-<kind>`). */
const PALETTE: Record<string, string> = {
  implicit: 'var(--protected-strong)',
  explicit: 'var(--protected)',
  none: 'url(#hatch-clear)',
  private: 'var(--protected-strong)',
  mixed: 'var(--warning)',
  clear: 'url(#hatch-clear)',
  unknown: 'var(--neutral)',
};

const HATCH = 'repeating-linear-gradient(135deg, var(--clear) 0 4px, var(--clear-light) 4px 6px)';

const fills = Object.entries(PALETTE)
  .map(([kind, fill]) => {
    const swatch = fill.startsWith('url(') ? HATCH : fill;
    return `.s-${kind}{fill:${fill}}.sw-${kind}{background:${swatch}}`;
  })
  .join('\n');

export const STYLE_SHEET = trusted(`
:root{--page:#f5f7fa;--panel:#fff;--border:#d3dae6;--text:#343741;--heading:#1a1c21;--subdued:#5a606b;
--protected-strong:#1b4f8a;--protected:#2f7fd0;--clear:#c4411a;--clear-light:#e58a6e;--warning:#9a6400;
--neutral:#7a8291;--track:#e9edf3;--good-bg:#e0edfa;--bad-bg:#fde8e1;--warn-bg:#fcf0d6;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
*{box-sizing:border-box}
body{margin:0;background:var(--page);color:var(--text);font:14px/1.5 Inter,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue","Liberation Sans",Arial,sans-serif;font-variant-numeric:tabular-nums}
header.top{background:var(--panel);border-bottom:1px solid var(--border);padding:18px 0}
header.top>div,main{max-width:1240px;margin:0 auto;padding-left:32px;padding-right:32px}
header.top h1{margin:0;font-size:20px;color:var(--heading);font-weight:600}
header.top h1 .brand{color:var(--protected-strong)}
.meta{margin:4px 0 0;color:var(--subdued);display:flex;flex-wrap:wrap;gap:4px 20px}
main{padding-top:20px;padding-bottom:32px}
.panel{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:16px 20px;
margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{margin:0 0 10px;font-size:16px;color:var(--heading);font-weight:600}
h2 .count{color:var(--subdued);font-weight:400}
.hint{color:var(--subdued);margin:-6px 0 10px;font-size:13px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(175px,1fr));gap:12px;margin-bottom:16px}
.kpi{background:var(--panel);border:1px solid var(--border);border-left:4px solid var(--neutral);
border-radius:6px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.kpi.good{border-left-color:var(--protected)}.kpi.bad{border-left-color:var(--clear)}
.kpi.warn{border-left-color:var(--warning)}
.kpi h3{margin:0;font-size:12px;font-weight:600;color:var(--subdued);text-transform:uppercase;letter-spacing:.04em}
.kpi .kpi-value{font-size:30px;font-weight:600;color:var(--heading);line-height:1.25}
.kpi p{margin:2px 0 0;font-size:12px;color:var(--subdued)}
.kpi svg.bar{display:block;margin-top:6px;width:100%}
.panel>svg.bar{display:block;width:100%}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px}
.grid2 .panel{margin-bottom:16px}
svg.chart{display:block;width:100%;height:auto}
svg text{font:12px Inter,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;fill:var(--subdued)}
svg .tick line{stroke:#e3e8f0}svg .baseline{stroke:#98a2b3}
svg rect[class^="s-"]:not(.s-track){stroke:#fff;stroke-width:1}
.s-track{fill:var(--track)}.hatch-bg{fill:var(--clear)}.hatch-fg{fill:var(--clear-light)}
svg.bar{vertical-align:middle;border-radius:2px}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 0;padding:0;list-style:none;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px}
${fills}
table{border-collapse:collapse;width:100%;font-size:13px}
caption{text-align:left;color:var(--subdued);padding-bottom:6px}
th{text-align:left;font-weight:600;color:var(--heading);border-bottom:2px solid var(--border);padding:6px 10px;
white-space:nowrap}
td{border-bottom:1px solid #e9edf3;padding:6px 10px;vertical-align:middle}
td.long{overflow-wrap:anywhere;min-width:8em}
tbody tr:hover{background:#f5f8fc}
.num{text-align:right;white-space:nowrap}
.nowrap{white-space:nowrap}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.b-good{background:var(--good-bg);color:var(--protected-strong)}
.b-bad{background:var(--bad-bg);color:#9a2f10}
.b-warn{background:var(--warn-bg);color:#7a4d00}
.more{color:var(--subdued);margin:8px 0 0}
.empty{color:var(--subdued);margin:0}
details{margin-top:8px}summary{cursor:pointer;color:var(--protected-strong)}
details table{margin-top:8px}
.notes{margin:0;padding-left:20px}
footer{color:var(--subdued);font-size:12px;text-align:center;padding:8px 0 24px}
@media print{
body{background:#fff;font-size:12px}
header.top{padding:0 0 8px;border:0}
header.top>div,main{padding:8px 0;max-width:none}
.panel,.kpi{box-shadow:none;break-inside:avoid}
thead{display:table-header-group}
tr{break-inside:avoid}
th,th.num{white-space:normal}
th,td{padding:4px 5px}
td svg.bar{width:80px}
details>summary{display:none}
}
@page{margin:14mm}
`);

/** The hatch of "clear" fills, referenced by every chart on the page. */
export const SVG_DEFS = trusted(
  `<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>` +
    `<pattern id="hatch-clear" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect class="hatch-bg" width="6" height="6"/><rect class="hatch-fg" width="2" height="6"/></pattern>` +
    `</defs></svg>`,
);
