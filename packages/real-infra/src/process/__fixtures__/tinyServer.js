/*
 * A tiny server for ManagedServer's tests: `node tinyServer.js <port> [flags]`.
 *   --exit         prints a few lines and exits with code 3 at once
 *   --never-ready  prints 60 numbered lines and stays up without listening
 *   --ignore-term  ignores SIGTERM
 *   --follower     spawns a follower (this script, `--child-of-leader`, same process group)
 *                  before listening; on SIGTERM the leader waits for it to end
 *   --stubborn-follower  the follower ignores SIGTERM
 * Otherwise it answers 200 on http://127.0.0.1:<port>/ once listening; a taken port prints the
 * error ("Address already in use") and exits 1.
 */
const http = require('node:http');
const { spawn } = require('node:child_process');

const [portArg, ...flags] = process.argv.slice(2);
const has = flag => flags.includes(flag);
console.log(`PID ${process.pid}`);

if (has('--ignore-term')) process.on('SIGTERM', () => {});

if (has('--child-of-leader')) {
  console.log('ready');
  setInterval(() => {}, 1000);
} else if (has('--exit')) {
  console.log('starting');
  console.log('giving up');
  process.exit(3);
} else if (has('--never-ready')) {
  for (let i = 1; i <= 60; i++) console.log(`line ${i}`);
  setInterval(() => {}, 1000);
} else {
  const listen = follower => {
    const server = http.createServer((_req, res) => {
      res.end(JSON.stringify({ pid: process.pid, follower: follower?.pid }));
    });
    server.on('error', error => {
      console.log(`${error.code}: Address already in use (${error.message})`);
      process.exit(1);
    });
    server.listen(Number(portArg), '127.0.0.1');
    if (!has('--ignore-term')) {
      process.on('SIGTERM', () => {
        server.close();
        if (follower && follower.exitCode === null) {
          follower.once('exit', () => process.exit(0));
        } else {
          process.exit(0);
        }
      });
    }
  };
  if (has('--follower')) {
    const follower = spawn(
      process.execPath,
      [
        __filename,
        '0',
        '--child-of-leader',
        ...(has('--stubborn-follower') ? ['--ignore-term'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    follower.stdout.once('data', () => listen(follower));
  } else {
    listen(undefined);
  }
}
