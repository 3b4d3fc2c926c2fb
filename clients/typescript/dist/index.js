// A typed client for OvenMediaEngine's REST API (the v1 API of OME 0.21).
//
// The types in ./schema.d.ts are generated from openapi/ome.yaml by openapi-typescript
// (`make ts-generate`); this file only adds what OME needs on top of openapi-fetch: its Basic
// authentication with the whole access token, and path parameters escaped the way OME expects.
import createClient from "openapi-fetch";
/**
 * The `Authorization` header OME accepts: HTTP Basic with the base64 of the whole access token.
 * OME does not split the token into a user and a password, so `user:password` tokens work as they
 * are and a token without a colon must not get one appended (which is what `curl -u token:` does).
 */
export function omeAuthorization(token) {
    let binary = "";
    for (const byte of new TextEncoder().encode(token))
        binary += String.fromCharCode(byte);
    return `Basic ${btoa(binary)}`;
}
/**
 * Escapes one path segment exactly like Go's `url.PathEscape` (and so like the Go client in
 * gen/): unreserved characters and `:` `@` `&` `=` `+` `$` stay as they are, everything else is
 * percent-encoded as UTF-8. OME never percent-decodes a path, so the colon in a stream or profile
 * name such as `cam:1` must stay literal, and `/v1/…/streams/cam:1:sendEvent` addresses the action
 * `sendEvent` of the stream `cam:1`.
 */
export function escapePathSegment(value) {
    return encodeURIComponent(value)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%(3A|40|26|3D|2B|24)/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
/**
 * Fills `{name}` placeholders of a path template with escaped values. Only whole placeholders are
 * replaced, so the action suffixes of OME's paths (`/v1/vhosts/{vhost}:reloadCertificate`) are
 * kept as written.
 */
export const omePathSerializer = (pathname, pathParams) => pathname.replace(/\{([^{}]+)\}/g, (placeholder, name) => {
    const value = pathParams[name];
    if (value === undefined || value === null)
        return placeholder;
    return escapePathSegment(String(value));
});
/** Creates a client for one OME API server. */
export function createOmeClient(options) {
    const { token, ...rest } = options;
    const client = createClient({ ...rest, pathSerializer: omePathSerializer });
    if (token !== undefined) {
        const authorization = omeAuthorization(token);
        client.use({
            onRequest({ request }) {
                request.headers.set("Authorization", authorization);
                return request;
            },
        });
    }
    return client;
}
