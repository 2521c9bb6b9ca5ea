/** The guest's Backstage token, as the sign-in page gets it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`Guest sign-in failed: ${response.status}`);
  }
  const body = await response.json();
  return body.backstageIdentity.token;
}

/** Calls the Supabase API as the signed-in guest. */
export async function callSupabaseApi(
  baseUrl: string,
  method: string,
  apiPath: string,
  body?: object,
) {
  const response = await fetch(`${baseUrl}/api/supabase${apiPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${await guestToken(baseUrl)}`,
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}
