// One line per event on stderr/stdout: time, level, the service, the message. CAMPUS_LOG_LEVEL=debug shows more.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLog(node, level = process.env.CAMPUS_LOG_LEVEL ?? 'info') {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const line = (name, out) => (message) => {
    if (LEVELS[name] >= threshold) {
      out(`${new Date().toISOString()} ${name.toUpperCase().padEnd(5)} [${node}] ${message}`);
    }
  };
  return { debug: line('debug', console.log), info: line('info', console.log), warn: line('warn', console.error),
    error: line('error', console.error) };
}
