/**
 * A boolean query parameter read as the API server reads one
 * (`Convert_Slice_string_To_bool`): absent, `0` or `false` (any case) is
 * false; anything else, the empty string included (`?previous=`), is true.
 */
export function queryFlag(query: URLSearchParams, key: string): boolean {
  const raw = query.get(key);
  if (raw === null) return false;
  return raw !== '0' && raw.toLowerCase() !== 'false';
}
