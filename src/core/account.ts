/**
 * Who a user name stands for. IIS logs the name typed at USER (`demo`) until the login, then the account it
 * logged in as (`HOST\demo`, or `host|demo` with FTP user isolation by virtual host); Windows compares
 * account names without regard to case. The account key is the one answer to "is this the same user?":
 * the name without its `DOMAIN\` or `host|` prefix, in lower case. Every count of distinct users
 * (users_exposed in scan's summary, the HTML report, the dashboards) counts account keys.
 */

/** Splits a Windows `DOMAIN\user` name, or IIS's virtual-host form `host|user`. */
export function splitUser(user: string | undefined): { name?: string; domain?: string } | undefined {
  if (user === undefined) return undefined;
  let sep = user.indexOf('\\');
  if (sep < 0) sep = user.indexOf('|');
  if (sep <= 0 || sep === user.length - 1) return { name: user };
  return { name: user.slice(sep + 1), domain: user.slice(0, sep) };
}

/** The account a user name stands for: `CONTOSO\Demo`, `ftp.example.com|demo` and `DEMO` are all `demo`. */
export function accountKey(user: string): string;
export function accountKey(user: string | undefined): string | undefined;
export function accountKey(user: string | undefined): string | undefined {
  const name = splitUser(user)?.name;
  return name === undefined ? undefined : name.toLowerCase();
}
