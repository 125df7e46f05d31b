/** A minimal GraphQL-over-HTTP client for tests: real fetch against the started server. */

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  contentType: string;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[] };
}

export interface GqlOptions {
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
}

export async function gql<T = Record<string, unknown>>(url: string, query: string, options: GqlOptions = {}): Promise<GqlResult<T>> {
  const method = options.method ?? 'POST';
  let response: Response;
  if (method === 'GET') {
    const params = new URLSearchParams({ query });
    if (options.variables) params.set('variables', JSON.stringify(options.variables));
    response = await fetch(`${url}/graphql?${params.toString()}`, { headers: options.headers });
  } else {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify({ query, variables: options.variables }),
    });
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: (await response.json()) as GqlResult<T>['body'],
  };
}

/** The data of a successful response; fails the test with the errors otherwise. */
export async function data<T = Record<string, any>>(url: string, query: string, options: GqlOptions = {}): Promise<T> {
  const result = await gql<T>(url, query, options);
  if (result.status !== 200 || result.body.errors || !result.body.data) {
    throw new Error(`query failed (${result.status}): ${JSON.stringify(result.body.errors ?? result.body)}`);
  }
  return result.body.data;
}

/** The first error's code and message; fails when the request succeeded. */
export async function errorOf(url: string, query: string, options: GqlOptions = {}) {
  const result = await gql(url, query, options);
  const error = result.body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.body)}`);
  return { status: result.status, code: error.extensions?.code, message: error.message, extensions: error.extensions ?? {}, result };
}
