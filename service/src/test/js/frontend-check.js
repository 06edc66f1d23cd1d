// The original frontend's Socket.IO client (socket.io-client 4.8, pinned in package-lock.json), set up
// exactly as README.md tells the frontend to, against PulseChat nodes behind a switchable TCP proxy.
// JsClientIntegrationTest drives it: at each "STEP <name>" it restarts, kills or switches nodes, then
// answers with a line on stdin. Prints "OK" when everything held, "FAIL <why>" otherwise.
const { io } = require("socket.io-client");
const readline = require("readline");
const env = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));

const fail = (why) => { console.log("FAIL " + why); process.exit(1); };
setTimeout(() => fail("timeout"), env.timeoutMs);
const answers = [];
readline.createInterface({ input: process.stdin }).on("line", () => { const next = answers.shift(); if (next) next(); });
const step = (name) => { console.log("STEP " + name); return new Promise((resolve) => answers.push(resolve)); };
const until = async (done, what) => {
  const deadline = Date.now() + 60000;
  while (!done()) {
    if (Date.now() > deadline) fail("waited in vain for " + what);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Stands in for next-auth's getSession(): the session the Next.js server made at sign-in.
let authCalls = 0;
const getSession = () => { authCalls++; return Promise.resolve({ backendToken: env.annToken }); };
const Env = { BACKEND_URL: env.proxyUrl };  // the frontend's src/lib/env.ts

// getSocket() of src/lib/socket.config.ts, changed as README.md says:
const socket = io(Env.BACKEND_URL, { autoConnect: false, auth: (cb) => { getSession().then((s) => cb({ token: s?.backendToken })); } });

const got = [];
const connects = [];
socket.on("MESSAGE", (message, offset) => got.push({ body: message.body, offset, from: message.createdBy.id }));
socket.on("connect", () => connects.push({ recovered: socket.recovered, transport: socket.io.engine.transport.name }));
// While a node is down the reconnection attempts fail (and are retried); a refusal by the server is final.
socket.on("connect_error", (e) => {
  if (!socket.active) fail("connect_error " + e.message);
  console.log("LOG connect_error while reconnecting: " + e.message);
});
const received = (body) => got.some((g) => g.body === body);

(async () => {
  socket.connect();
  await until(() => connects.length === 1, "the first connect");
  const joined = await socket.timeout(10000).emitWithAck("JOIN", { room: env.chat });
  if (joined !== undefined && joined !== null) fail("JOIN acked with " + JSON.stringify(joined));
  console.log("LOG joined over " + connects[0].transport);

  // A node restart before this socket has received anything: it comes back with its pid and no offset.
  if (socket._lastOffset !== undefined) fail("an offset before any message");
  await step("restart");
  await until(() => connects.length === 2, "the reconnect after the restart");
  if (!connects[1].recovered) fail("not recovered after the restart");
  await until(() => got.length >= 2, "the messages sent during the restart");

  // MESSAGE both ways, with a user connected to another node.
  const bob = io(env.otherNodeUrl, { autoConnect: false, transports: ["websocket"], auth: { token: env.bobToken } });
  const bobGot = [];
  bob.on("MESSAGE", (message) => bobGot.push(message.body));
  bob.connect();
  await until(() => bob.connected, "bob's connect");
  await bob.timeout(10000).emitWithAck("JOIN", { room: env.chat });
  socket.emit("MESSAGE", { message: { body: "from ann", chatId: env.chat, createdBy: { id: "spoofed" } }, room: env.chat });
  await until(() => bobGot.includes("from ann") && received("from ann"), "ann's message at bob's and back at ann's");
  bob.emit("MESSAGE", { message: { body: "from bob", chatId: env.chat }, room: env.chat });
  await until(() => received("from bob"), "bob's message at ann's");
  bob.close();

  // The transport drops; a message is stored while the client is away.
  await step("drop");
  await until(() => connects.length === 3, "the reconnect after the drop");
  if (!connects[2].recovered) fail("not recovered after the drop");
  await until(() => received("while dropped"), "the message sent during the drop");

  // The node under the client is killed with SIGKILL; the next connect goes to another node.
  await step("kill");
  await until(() => connects.length === 4, "the reconnect after the kill");
  if (!connects[3].recovered) fail("not recovered after the kill");
  await until(() => received("after the kill"), "the message sent after the kill");

  const bodies = got.map((g) => g.body);
  const expected = ["missed 1", "missed 2", "from ann", "from bob", "while dropped", "after the kill"];
  if (JSON.stringify(bodies) !== JSON.stringify(expected)) fail("received " + JSON.stringify(bodies));
  if (JSON.stringify(got.map((g) => g.offset)) !== JSON.stringify(expected.map((b, i) => env.chat + ":" + (i + 1)))) {
    fail("offsets " + JSON.stringify(got.map((g) => g.offset)));
  }
  if (got[2].from !== env.annId) fail("the sender was taken from the payload");
  if (authCalls < connects.length) fail("auth was read " + authCalls + " times for " + connects.length + " connects");
  console.log("LOG connects " + JSON.stringify(connects) + ", auth read " + authCalls + " times");
  console.log("OK");
  process.exit(0);
})().catch((e) => fail(e.stack));
