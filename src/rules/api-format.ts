// Go formatting Prometheus' API uses: `FormatFloat(v,'e',-1,64)` and RFC 3339 times with nanoseconds.

/** Go's `strconv.FormatFloat(v, 'e', -1, 64)`: shortest digits, exponent with a sign and two digits at least. */
export function formatGoFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = v.toExponential();
  const i = s.indexOf('e');
  const mant = s.slice(0, i);
  const sign = s[i + 1] === '-' ? '-' : '+';
  const exp = s.slice(i + 2).padStart(2, '0');
  return `${Object.is(v, -0) ? '-' : ''}${mant}e${sign}${exp}`;
}

/** Go's JSON form of a `time.Time` in UTC (RFC 3339, fraction without trailing zeros); 0 is Go's zero time. */
export function formatGoTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
