// @mcpkit/core/oauth — OAuth 2.1 resource-server authentication (JWT + JWKS). Named exports only.
export { createOAuthAuthenticator, type OAuthAuthenticatorOptions } from './auth/oauth.js';
