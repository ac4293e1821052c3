/**
 * Help text after the options (exit codes, notes), wrapped like commander wraps option descriptions: to
 * the terminal's width (80 when not a terminal), each item's description hanging under its first line.
 * Examples are command lines, left as they are.
 */
import { Help, type Command } from 'commander';

export interface HelpSection {
  readonly title: string;
  /** Term and description, e.g. an exit code and its meaning. */
  readonly items: readonly (readonly [string, string])[];
}

function width(error: boolean): number {
  const stream = error ? process.stderr : process.stdout;
  return (stream.isTTY ? stream.columns : undefined) ?? 80;
}

export function formatSection(section: HelpSection, helpWidth: number): string {
  const help = new Help();
  help.helpWidth = helpWidth;
  const termWidth = Math.max(0, ...section.items.map(([term]) => term.length));
  const items = section.items.map(([term, text]) => `\n${help.formatItem(term, termWidth, text, help)}`);
  return help.boxWrap(section.title, helpWidth) + items.join('');
}

/** Adds sections, then examples (unwrapped), after a command's options. */
export function addHelpAfter(
  command: Command,
  sections: readonly HelpSection[],
  examples: readonly string[] = [],
): Command {
  return command.addHelpText('after', (context) => {
    const parts = sections.map((s) => formatSection(s, width(context.error)));
    if (examples.length > 0) parts.push(`Examples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
    return `\n${parts.join('\n\n')}`;
  });
}
