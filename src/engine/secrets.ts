/**
 * Connection secrets (passwords, API keys, tokens) must never reach a log line, an error message or
 * `--help`. The client libraries put them in their errors (a URL with user info, request headers), so
 * every message about the engine goes through `describe`, which keeps only the text and masks both the
 * secrets we know and anything that looks like one.
 */

const MASK = '***';

/** user:password@ in a URL. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;
/** Authorization header values, in any serialization the clients use. */
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(basic|bearer|apikey)\s+[^"'\s,}]+/gi;

export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    const found = new Set<string>();
    for (const s of secrets) {
      if (s === undefined || s.length < 3) continue; // masking "a" everywhere would garble every message
      found.add(s);
      found.add(Buffer.from(s).toString('base64'));
      found.add(encodeURIComponent(s));
    }
    // Longest first, so that a secret containing another is masked whole.
    this.secrets = [...found].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(URL_USERINFO, `$1${MASK}@`).replace(AUTH_HEADER, `$1$2 ${MASK}`);
    for (const s of this.secrets) out = out.split(s).join(MASK);
    return out;
  }

  /** A one-line message for any error, safe to print. */
  describe(err: unknown): string {
    const message =
      err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
    return this.redact(message);
  }
}
