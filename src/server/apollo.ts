import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import { ErrorCode, loadTypeDefs, resolvers, type GatewayContext } from '../resolvers/index.js';
import type { Logger } from '../util/log.js';
import { sandboxLandingPage } from './landing-page.js';
import { knownOperationTypesRule } from './operation-types.js';
import type { GatewayMetrics } from './metrics.js';
import type { ResolvedServerOptions } from './options.js';

/** Codes whose messages are meant for clients; every other error is masked (and logged with the request id). */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.TIMEOUT,
  ErrorCode.LAKE_UNAVAILABLE,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Longest document, in lexical tokens: bounds parsing work before any validation runs. */
const MAX_TOKENS = 2000;

export function createApollo(
  options: ResolvedServerOptions,
  logger: Logger,
  metrics: GatewayMetrics,
): ApolloServer<GatewayContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: options.maxDepth, onReject: [reject('maxDepth')], propagateOnRejection: false },
    maxAliases: { n: options.maxAliases, onReject: [reject('maxAliases')], propagateOnRejection: false },
    costLimit: { maxCost: options.maxCost, onReject: [reject('maxCost')], propagateOnRejection: false },
    // Armor's token plugin turns syntax errors into 500s; graphql-js's own parser limit (below) is used instead.
    maxTokens: { enabled: false },
    maxDirectives: { onReject: [reject('maxDirectives')], propagateOnRejection: false },
    // Suggestions ("did you mean …") leak the schema; keep them only where introspection is on anyway.
    blockFieldSuggestion: { enabled: !options.introspection },
  }).protect();

  return new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Read-only API authenticated by a bearer header (never cookies): CSRF cannot act on a victim's behalf,
    // and prevention would block plain `curl` GETs that GraphQL-over-HTTP allows.
    csrfPrevention: false,
    allowBatchedHttpRequests: false,
    // The process that embeds the gateway owns shutdown (the CLI stops an ETL schedule, then the server, then the lake).
    // Apollo's own SIGINT/SIGTERM handlers (on unless NODE_ENV=test) would stop it and re-raise the signal mid-shutdown.
    stopOnTerminationSignals: false,
    validationRules: [knownOperationTypesRule, ...armor.validationRules],
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      // Context-free plugins work for any context type; TypeScript cannot see that through the generic.
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      (options.sandbox ? sandboxLandingPage() : ApolloServerPluginLandingPageDisabled()) as ApolloServerPlugin<GatewayContext>,
      // The schema declares no cache hints, so every answer is uncacheable: say so once per response instead of
      // running the cache-control plugin's hook on every resolved field.
      ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<GatewayContext>,
      errorReporting(logger, metrics),
    ],
    formatError: maskError,
  });
}

/** Armor reports through the validation context, so a rejected query is one clean GRAPHQL_VALIDATION_FAILED. */
function reject(limit: string) {
  return (ctx: ValidationContext | null, error: GraphQLError): void => {
    const message = `query rejected: ${error.message.replace(/^Syntax Error:\s*/, '')}`;
    ctx?.reportError(new GraphQLError(message, { extensions: { limit } }));
  };
}

function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  if (CLIENT_CODES.has(code)) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code } };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Logs unexpected errors with the request id, adds the id to masked errors, and counts errors by code. */
function errorReporting(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  // One listener for every request (it keeps no per-request state): no allocation per request.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) {
        const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
        if (CLIENT_CODES.has(code)) continue;
        const cause = error.originalError ?? error;
        logger.error('graphql: internal error', {
          requestId: contextValue.requestId,
          path: error.path?.join('.'),
          error: cause.message,
          stack: cause.stack,
        });
      }
    },
    async willSendResponse({ response, contextValue }) {
      response.http.headers.set('cache-control', 'no-store');
      if (response.body.kind !== 'single') return;
      for (const error of response.body.singleResult.errors ?? []) {
        const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
        metrics.graphqlErrors.inc({ code });
        if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
          (error as { message: string }).message = `Internal server error (request id ${contextValue.requestId})`;
          (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
