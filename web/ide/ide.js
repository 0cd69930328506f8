// GraphiQL against this server: queries and mutations as JSON POSTs to /graphql, subscriptions
// as GraphQL over SSE (POST /graphql/stream), with the access token from the sign-in form.
(function () {
  "use strict";
  const tokenInput = document.getElementById("token");
  const status = document.getElementById("status");
  tokenInput.value = sessionStorage.getItem("mirubato-token") || "";
  tokenInput.addEventListener("change", () => sessionStorage.setItem("mirubato-token", tokenInput.value.trim()));

  function headers(extra) {
    const result = Object.assign({ "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" }, extra || {});
    const token = tokenInput.value.trim();
    if (token && !result.Authorization) result.Authorization = "Bearer " + token;
    return result;
  }

  async function post(body, extra) {
    const response = await fetch("/graphql", { method: "POST", headers: headers(extra), body: JSON.stringify(body) });
    return response.json();
  }

  // GraphQL over Server-Sent Events, read from a streaming fetch: each `event: next` is a result.
  async function* subscribe(body, extra) {
    const response = await fetch("/graphql/stream", {
      method: "POST", headers: Object.assign(headers(extra), { Accept: "text/event-stream" }), body: JSON.stringify(body),
    });
    if (!response.ok || !response.body) { yield await response.json(); return; }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(message);
        const data = /^data: (.*)$/m.exec(message);
        if (event && event[1] === "complete") return;
        if (event && event[1] === "next" && data) yield JSON.parse(data[1]);
      }
    }
  }

  function fetcher(params, options) {
    const extra = options && options.headers;
    return /^\s*subscription\b/.test(params.query || "") ? subscribe(params, extra) : post(params, extra);
  }

  document.getElementById("request-link").addEventListener("click", async () => {
    const email = document.getElementById("email").value.trim();
    const answer = await post({ query: "mutation($e: String!) { requestMagicLink(email: $e) { success message } }", variables: { e: email } });
    status.textContent = answer.errors ? answer.errors[0].message : answer.data.requestMagicLink.message;
  });
  document.getElementById("verify").addEventListener("click", async () => {
    const text = document.getElementById("link").value.trim();
    const token = (/token=([A-Za-z0-9_-]+)/.exec(text) || [null, text])[1];
    const answer = await post({ query: "mutation($t: String!) { verifyMagicLink(token: $t) { accessToken user { email } } }", variables: { t: token } });
    if (answer.errors) { status.textContent = answer.errors[0].message; return; }
    tokenInput.value = answer.data.verifyMagicLink.accessToken;
    sessionStorage.setItem("mirubato-token", tokenInput.value);
    status.textContent = "Signed in as " + answer.data.verifyMagicLink.user.email + ".";
  });

  const root = document.getElementById("graphiql");
  const element = React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: "# Mirubato API. Sign in above for your own practice data.\n{\n  listSheetMusic(limit: 3) {\n    totalCount\n    edges { node { title composer } }\n  }\n}\n",
  });
  ReactDOM.render(element, root);
})();
