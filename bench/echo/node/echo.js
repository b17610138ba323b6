// Node's net echo server, the reference loopserver is measured against:
// writes back every chunk it receives. Prints its address, then serves
// until killed. Usage: node echo.js [port]
'use strict';
const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', 1024, () => {
  const { address, port } = server.address();
  console.log(`${address}:${port}`);
});
