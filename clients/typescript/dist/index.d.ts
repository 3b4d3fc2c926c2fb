import { type Client, type ClientOptions, type PathSerializer } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";
export type { components, operations, paths };
/** The document's named schemas, e.g. `Schemas["VirtualHost"]`. */
export type Schemas = components["schemas"];
/** A client whose methods take the document's paths, e.g. `client.GET("/v1/vhosts")`. */
export type OmeClient = Client<paths>;
export interface OmeClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** The API server, e.g. `http://127.0.0.1:8081` (a path prefix such as `https://proxy/ome` works). */
    baseUrl: string;
    /**
     * The `<Managers><API><AccessToken>` of Server.xml. Omit it to send no credentials (OME then
     * answers 401 to everything but `OPTIONS`).
     */
    token?: string;
}
/**
 * The `Authorization` header OME accepts: HTTP Basic with the base64 of the whole access token.
 * OME does not split the token into a user and a password, so `user:password` tokens work as they
 * are and a token without a colon must not get one appended (which is what `curl -u token:` does).
 */
export declare function omeAuthorization(token: string): string;
/**
 * Escapes one path segment exactly like Go's `url.PathEscape` (and so like the Go client in
 * gen/): unreserved characters and `:` `@` `&` `=` `+` `$` stay as they are, everything else is
 * percent-encoded as UTF-8. OME never percent-decodes a path, so the colon in a stream or profile
 * name such as `cam:1` must stay literal, and `/v1/…/streams/cam:1:sendEvent` addresses the action
 * `sendEvent` of the stream `cam:1`.
 */
export declare function escapePathSegment(value: string): string;
/**
 * Fills `{name}` placeholders of a path template with escaped values. Only whole placeholders are
 * replaced, so the action suffixes of OME's paths (`/v1/vhosts/{vhost}:reloadCertificate`) are
 * kept as written.
 */
export declare const omePathSerializer: PathSerializer;
/** Creates a client for one OME API server. */
export declare function createOmeClient(options: OmeClientOptions): OmeClient;
