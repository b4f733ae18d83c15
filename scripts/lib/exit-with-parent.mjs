// Preloaded into the server by npm start (node --import). When npm start dies without stopping it
// (kill -9, a closed terminal), the IPC channel closes: shut down as on SIGTERM instead of keeping
// the port, so the next npm start can use it.
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
