// A project that installed @omekit/ome-client, as scripts/install-check.mjs builds it: this file
// is type-checked against the installed package's types and then run against ome-mock.
import { createOmeClient, type OmeClient } from "@omekit/ome-client";

/** The README's one call: the applications of a virtual host. */
export async function listApps(baseUrl: string, token: string, vhost: string): Promise<string[]> {
  const ome = createOmeClient({ baseUrl, token });
  const { data, error, response } = await ome.GET("/v1/vhosts/{vhost}/apps", { params: { path: { vhost } } });
  if (error) throw new Error(`HTTP ${response.status}: ${error.message}`);
  return data.response;
}

/** Never called: proves the installed types are the API's and not `any`. */
export function typesAreChecked(ome: OmeClient): void {
  // @ts-expect-error -- not a path of the API
  void ome.GET("/v1/no-such-path");
  // @ts-expect-error -- the path parameter vhost is missing
  void ome.GET("/v1/vhosts/{vhost}/apps", { params: { path: {} } });
  // @ts-expect-error -- sendEvent takes a body
  void ome.POST("/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent", { params: { path: { vhost: "v", app: "a", stream: "s" } } });
}
