/**
 * A count with its digits grouped, as `toLocaleString('en-US')` writes it: "1,024". Its first call costs
 * about 10 ms of CPU (ICU sets up its number formatter), paid by every run of ship, whose memory check and
 * last words count things, for numbers that are nearly always whole; those are grouped here, anything else
 * (a fraction, -0, beyond 2^53) is left to ICU.
 */
export function count(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A count with its noun, singular for one: "1 session", "2 sessions", "1,024 lines". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
