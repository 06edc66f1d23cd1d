// Frontend-like flow against a compat node: polling first then upgrade, JOIN with ack, MESSAGE echo,
// a dropped transport, messages missed meanwhile, and recovery.
const { io } = require("socket.io-client");
const env = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const fail = (m) => { console.error("FAIL " + m); process.exit(1); };
setTimeout(() => fail("timeout"), 40000);

const ann = io(env.url, { autoConnect: false, auth: { token: env.annToken } });
const bob = io(env.url, { autoConnect: false, auth: { token: env.bobToken }, transports: ["websocket"] });
const got = [];
ann.on("MESSAGE", (m, offset) => { got.push([m.body, offset, m.createdBy.id]); });
ann.on("connect_error", (e) => fail("ann connect_error " + e.message));

(async () => {
  ann.connect();
  await new Promise((r) => ann.once("connect", r));
  console.log("ann connected via", ann.io.engine.transport.name, "recovered:", ann.recovered);
  const ack = await ann.emitWithAck("JOIN", { room: env.chat });
  console.log("JOIN ack", JSON.stringify(ack));
  await new Promise((r) => ann.io.engine.once("upgrade", r));
  console.log("upgraded to", ann.io.engine.transport.name);
  ann.emit("MESSAGE", { message: { body: "one", chatId: env.chat, createdBy: { id: "spoof" } }, room: env.chat });
  while (got.length < 1) await new Promise((r) => setTimeout(r, 50));
  console.log("echo", JSON.stringify(got[0]));
  bob.connect();
  await new Promise((r) => bob.once("connect", r));
  ann.io.engine.close(); // the transport drops; the manager reconnects by itself
  bob.emit("MESSAGE", { message: { body: "missed-1" }, room: env.chat });
  bob.emit("MESSAGE", { message: { body: "missed-2" }, room: env.chat });
  await new Promise((r) => ann.once("connect", r));
  console.log("reconnected, recovered:", ann.recovered);
  while (got.length < 3) await new Promise((r) => setTimeout(r, 50));
  bob.emit("MESSAGE", { message: { body: "live" }, room: env.chat });
  while (got.length < 4) await new Promise((r) => setTimeout(r, 50));
  console.log("received", JSON.stringify(got.map((g) => g[0])));
  if (!ann.recovered) fail("not recovered");
  if (JSON.stringify(got.map((g) => g[0])) !== JSON.stringify(["one", "missed-1", "missed-2", "live"])) fail("order/once");
  if (got[0][2] !== env.annId) fail("spoofed sender");
  console.log("OK");
  process.exit(0);
})().catch((e) => fail(e.stack));
