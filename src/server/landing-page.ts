import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Apollo Sandbox, pointed at /graphql wherever the page itself is served (`/` or `/graphql`). Apollo's stock
 * landing page targets the page's own URL, which is wrong for `/`. The Sandbox script comes from Apollo's CDN,
 * so the browser (not the server) needs internet access.
 */
export function sandboxLandingPage(): ApolloServerPlugin {
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>iplake GraphQL</title>
<style>html,body,#sandbox{height:100%;margin:0}</style></head>
<body>
<div id="sandbox"></div>
<script src="https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js"></script>
<script>
  new window.EmbeddedSandbox({
    target: '#sandbox',
    initialEndpoint: window.location.origin + '/graphql',
    endpointIsEditable: false,
    initialState: { document: '{ pipeline { watermark freshnessSeconds tables { name version files } } }' },
  });
</script>
</body>
</html>`;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
