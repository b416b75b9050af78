import * as fs from 'node:fs';
import * as path from 'node:path';
const LAB = path.join(__dirname, '..', 'fixtures', 'lab');

/**
 * Generates a class of submissions (one folder per student) from the lab fixtures: Python and C
 * clients, correct and with one bug each, plus the rogue ones (setsid daemon, fork bomb, memory hog,
 * never exits) and two that cannot run (no known file, a C file that does not compile).
 */
export type Submission = { lang: 'python' | 'c'; variant: string } | { lang: 'none' } | { lang: 'broken-c' };

/** The grading.json that goes with the generated class. */
export function classConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    role: 'responder',
    transport: 'tcp',
    wire: 'line',
    rounds: 50,
    timeoutSeconds: 4,
    maxSeconds: 10,
    commands: [
      { when: 'client.py', run: 'python3 client.py {host} {port}' },
      { when: 'client.c', build: 'gcc -O2 -o client client.c', run: './client {host} {port}' },
    ],
    points: { increments: 3 },
    limits: { cpuSeconds: 10, memoryMiB: 256, processes: 32, outputKiB: 256 },
    ...overrides,
  };
}

export function writeSubmission(dir: string, submission: Submission): void {
  fs.mkdirSync(dir, { recursive: true });
  if (submission.lang === 'none') fs.writeFileSync(path.join(dir, 'README.txt'), 'I could not get it to work.\n');
  else if (submission.lang === 'broken-c') fs.writeFileSync(path.join(dir, 'client.c'), 'int main(void) { return 0 }\n');
  else if (submission.lang === 'python') {
    fs.copyFileSync(path.join(LAB, 'python', 'client.py'), path.join(dir, 'client.py'));
    fs.writeFileSync(path.join(dir, 'variant.txt'), `${submission.variant}\n`);
  } else {
    const source = fs.readFileSync(path.join(LAB, 'c', 'client.c'), 'utf8');
    fs.writeFileSync(path.join(dir, 'client.c'), source.replace('argc > 3 ? argv[3] : "line"', `argc > 3 ? argv[3] : "${submission.variant}"`));
  }
}

/** The rogue submissions every class test includes. */
export const ROGUES: Record<string, Submission> = {
  'rogue-daemon': { lang: 'python', variant: 'daemon' },
  'rogue-forkbomb': { lang: 'c', variant: 'forkbomb' },
  'rogue-hog': { lang: 'python', variant: 'hog' },
  'rogue-linger': { lang: 'python', variant: 'linger' },
};

/** `size` students: the rogues, the unrunnable two, then correct and one-bug programs in turn. */
export function writeClass(dir: string, size: number): Record<string, Submission> {
  const kinds: Submission[] = [
    { lang: 'python', variant: 'ok' },
    { lang: 'c', variant: 'line' },
    { lang: 'python', variant: 'spaces' },
    { lang: 'c', variant: 'trailing' },
    { lang: 'python', variant: 'crash' },
    { lang: 'c', variant: 'close-early' },
    { lang: 'python', variant: 'debug' },
    { lang: 'python', variant: 'close-early' },
  ];
  const all: Record<string, Submission> = { ...ROGUES, 'no-code': { lang: 'none' }, 'syntax-error': { lang: 'broken-c' } };
  // A small class keeps the daemon and the fork bomb first (the quick smoke run), the rest as room allows.
  const students = Object.fromEntries(Object.entries(all).slice(0, size));
  for (let i = 0; Object.keys(students).length < size; i++) students[`student-${String(i + 1).padStart(2, '0')}`] = kinds[i % kinds.length];
  for (const [name, submission] of Object.entries(students)) writeSubmission(path.join(dir, name), submission);
  return students;
}
