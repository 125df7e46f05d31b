import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Refuses operations whose root type the schema lacks (`mutation`, `subscription` on this read-only API).
 * graphql-js 16 only notices at execution, with an uncoded error that would be masked as INTERNAL_SERVER_ERROR;
 * as a validation rule it is the client's GRAPHQL_VALIDATION_FAILED (HTTP 400), as GraphQL over HTTP expects.
 */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (schema.getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`this API is read-only and has no ${node.operation} operations: send a query`, { nodes: node }),
      );
    },
  };
}
