// What the APIs send and take (docs/api.md), as the UI reads them: central-api's users, servers, keys, tasks,
// terminal sessions and audit log, and websocket-monitor's samples, alerts and history. routes.ts has the calls.

/** A page of one of the API's paged lists, newest first. */
export interface Page<T> {
  items: T[];
}

/** A page of a list paged by cursor: nextCursor asks for the page after it, null after the last. */
export interface CursorPage<T> extends Page<T> {
  nextCursor: string | null;
}

// users and setup

export interface User {
  id: number;
  username: string;
  email: string;
  role: 'admin' | 'operator' | 'viewer' | 'auditor';
}

/** A user as the users list shows it. */
export interface UserRow extends User {
  enabled: boolean;
  lastLoginAt: string | null;
}

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role: string;
}

/** The public base URLs of the other two services. */
export interface UiConfig {
  gatewayUrl: string;
  monitorUrl: string;
}

// servers and SSH keys

export interface Server {
  id: number;
  name: string;
  host: string;
  port: number;
  username: string;
  description: string | null;
  tags: string[];
  credential: { type: 'ssh_key' | 'password'; sshKeyId?: number };
  hostKeyFingerprint: string | null;
  hostKeyType: string | null;
  hostKeyTrusted: boolean;
  status: string;
  lastSeen: string | null;
}

/**
 * A server to add or the changes to one; whole numbers as wholeNumber gives them (the text itself when it is not
 * one, so the API refuses it naming the field). No credential keeps the stored one.
 */
export interface ServerInput {
  name: string;
  host: string;
  port: number | string | undefined;
  username: string;
  description?: string;
  tags?: string[];
  credential?: { password: string } | { sshKeyId: number | string | undefined };
}

/** The host key a server presents now, and whether it is the trusted one. */
export interface PresentedKey {
  fingerprint: string;
  type: string;
  trusted: boolean;
}

export interface ConnectionTest {
  ok: boolean;
  latencyMs: number;
  error: string | null;
}

/** A key in the vault: the private key itself never comes back. */
export interface SshKey {
  id: number;
  name: string;
  description: string | null;
  type: string;
  fingerprint: string;
  createdAt: string;
}

export interface SshKeyUpload {
  name: string;
  privateKey: string;
  passphrase: string | undefined;
}

// tasks

export interface Task {
  id: number;
  serverId: number;
  username: string;
  command: string;
  status: string;
  exitCode: number | null;
  error: string | null;
  stdout?: string;
  stderr?: string;
  createdAt: string;
  durationMs: number | null;
  /** Set once retention removed the stored output (TASK_OUTPUT_RETENTION_DAYS). */
  outputRemovedAt?: string;
}

export interface TaskInput {
  command: string;
  timeoutSeconds: number | string | undefined;
}

/** Which tasks the list holds: one server's or all, at most limit. */
export interface TaskQuery {
  serverId?: number;
  limit: number;
}

// terminal sessions

export interface Session {
  id: string;
  username: string;
  serverName: string;
  status: string;
  closeReason: string | null;
  startedAt: string;
  durationSeconds: number | null;
  recording: boolean;
  /** Set once retention removed the recording (RECORDING_RETENTION_DAYS). */
  recordingRemovedAt?: string;
  bytesIn: number;
  bytesOut: number;
}

// audit log

export interface AuditRow {
  id: number;
  timestamp: string;
  service: string;
  userId: number | null;
  username: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  meta: unknown;
}

/** The audit log's filters as the API takes them (times with an offset); one left out filters nothing. */
export interface AuditFilter {
  from?: string;
  to?: string;
  action?: string;
  username?: string;
  targetType?: string;
}

// websocket-monitor

/** One server's stats at one time: a `stats` message of the live socket. */
export interface Sample {
  serverId: number;
  ts: string;
  cpu: number | null;
  /** Each core's busy percent since the previous poll; null on the first. */
  cores: number[] | null;
  load: number[];
  memory: { totalBytes: number; usedBytes: number; availableBytes: number; percent: number };
  swap: { totalBytes: number; usedBytes: number; percent: number };
  disks: { mount: string; totalBytes: number; usedBytes: number; percent: number }[];
  network: { rxBytesPerSec: number; txBytesPerSec: number } | null;
  uptimeSeconds: number;
  processes: number;
}

export interface Alert {
  id: number;
  serverId: number;
  /** cpu, memory or disk:<mount> */
  metric: string;
  severity: 'warning' | 'critical';
  status: 'open' | 'resolved';
  value: number;
  threshold: number;
  openedAt: string;
  resolvedAt: string | null;
  resolvedValue: number | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
}

/** The average and the maximum of one metric over a history step. */
export interface Stat {
  avg: number | null;
  max: number | null;
}

/** One step of a server's stats history: each metric over the step (disk: the fullest mount; rates per second). */
export interface HistoryPoint {
  ts: string;
  samples: number;
  cpu: Stat;
  memory: Stat;
  swap: Stat;
  disk: Stat;
  load1: Stat;
  load5: Stat;
  load15: Stat;
  netRx: Stat;
  netTx: Stat;
}

/** Each core's and each mount's averages over one history step (percent; cores from core 0). */
export interface BreakdownPoint {
  ts: string;
  cores: number[];
  disks: Record<string, number>;
}

export interface Breakdown {
  stepSeconds: number;
  points: BreakdownPoint[];
}

/** A server's stats history from..to; stepRaised when a step giving more than 2,000 points was raised. */
export interface History {
  from: string;
  to: string;
  stepSeconds: number;
  stepRaised: boolean;
  points: HistoryPoint[];
}

/** Several servers' last minutes for sparklines: points are [epoch seconds, cpu or null, memory]. */
export interface Recent {
  minutes: number;
  servers: { serverId: number; points: [number, number | null, number][] }[];
}

/** A server's busiest processes at one moment (websocket-monitor, on demand). */
export interface Processes {
  serverId: number;
  ts: string;
  sort: 'cpu' | 'memory';
  /** How many processes run in all. */
  total: number;
  items: Process[];
}

export interface Process {
  pid: number;
  user: string;
  /** Percent of one core over the second it was measured (200: two whole cores). */
  cpu: number;
  /** Percent of the machine's memory. */
  memory: number;
  rssBytes: number;
  command: string;
}
