// One typed function a route (docs/api.md): central-api's under /api, websocket-monitor's under its public base
// URL (UiConfig.monitorUrl). The pages call these and never build a path; client.ts is the transport.

import { api, download } from './client';
import type {
  Alert, AuditFilter, Breakdown, Processes, Recent, AuditRow, ConnectionTest, CursorPage, History, NewUser, Page, PresentedKey, Server,
  ServerInput, Session, SshKey, SshKeyUpload, Task, TaskInput, TaskQuery, UiConfig, UserRow,
} from './types';

/** The parameters that are set as a query string, in their order: '' when none is. */
function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) {
      q.set(k, String(v));
    }
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

// setup and configuration

export function config(): Promise<UiConfig> {
  return api<UiConfig>('GET', '/api/config');
}

export async function needsSetup(): Promise<boolean> {
  return (await api<{ needsSetup: boolean }>('GET', '/api/setup/status')).needsSetup;
}

// servers

export function listServers(): Promise<Server[]> {
  return api<Server[]>('GET', '/api/servers');
}

export function getServer(id: number): Promise<Server> {
  return api<Server>('GET', `/api/servers/${id}`);
}

export function createServer(body: ServerInput): Promise<Server> {
  return api<Server>('POST', '/api/servers', body);
}

export function updateServer(id: number, body: ServerInput): Promise<Server> {
  return api<Server>('PUT', `/api/servers/${id}`, body);
}

export function deleteServer(id: number): Promise<void> {
  return api<void>('DELETE', `/api/servers/${id}`);
}

/** Connects to the server and answers the host key it presents now. */
export function fetchHostKey(id: number): Promise<PresentedKey> {
  return api<PresentedKey>('POST', `/api/servers/${id}/host-key`);
}

export function trustHostKey(id: number, fingerprint: string): Promise<Server> {
  return api<Server>('PUT', `/api/servers/${id}/host-key`, { fingerprint });
}

export function testConnection(id: number): Promise<ConnectionTest> {
  return api<ConnectionTest>('POST', `/api/servers/${id}/test`);
}

// SSH keys

export function listSshKeys(): Promise<SshKey[]> {
  return api<SshKey[]>('GET', '/api/ssh-keys');
}

export function uploadSshKey(body: SshKeyUpload): Promise<SshKey> {
  return api<SshKey>('POST', '/api/ssh-keys', body);
}

export function deleteSshKey(id: number): Promise<void> {
  return api<void>('DELETE', `/api/ssh-keys/${id}`);
}

// tasks

export function listTasks(q: TaskQuery): Promise<Page<Task>> {
  return api<Page<Task>>('GET', '/api/tasks' + query({ serverId: q.serverId, limit: q.limit }));
}

export function getTask(id: number): Promise<Task> {
  return api<Task>('GET', `/api/tasks/${id}`);
}

/** Queues a command; a safety policy refusal is an ApiError 403 whose body has reason and rule. */
export function createTask(serverId: number | string, body: TaskInput): Promise<Task> {
  return api<Task>('POST', `/api/servers/${serverId}/tasks`, body);
}

export function cancelTask(id: number): Promise<unknown> {
  return api('POST', `/api/tasks/${id}/cancel`);
}

// users

export function listUsers(): Promise<UserRow[]> {
  return api<UserRow[]>('GET', '/api/users');
}

export function createUser(body: NewUser): Promise<UserRow> {
  return api<UserRow>('POST', '/api/users', body);
}

export function updateUser(id: number, change: Partial<UserRow>): Promise<UserRow> {
  return api<UserRow>('PUT', `/api/users/${id}`, change);
}

export function deleteUser(id: number): Promise<void> {
  return api<void>('DELETE', `/api/users/${id}`);
}

/** Changes a password; every session of the user, this one too, is signed out. */
export function changePassword(id: number, currentPassword: string, newPassword: string): Promise<void> {
  return api<void>('POST', `/api/users/${id}/password`, { currentPassword, newPassword });
}

// terminal sessions

export function listSessions(limit: number, serverId?: number): Promise<Page<Session>> {
  return api<Page<Session>>('GET', '/api/terminal/sessions' + query({ limit, serverId }));
}

export function stopSession(id: string): Promise<unknown> {
  return api('POST', `/api/terminal/sessions/${id}/stop`);
}

/** Where a session's asciicast is: fetched with the access token (the replay player does that itself). */
export function recordingUrl(id: string): string {
  return `/api/terminal/sessions/${id}/recording`;
}

// audit log

export function listAuditLogs(filter: AuditFilter, limit: number, cursor: string | null): Promise<CursorPage<AuditRow>> {
  return api<CursorPage<AuditRow>>('GET', '/api/audit-logs' + query({ limit, ...filter, cursor: cursor ?? undefined }));
}

/** Downloads the filtered audit log as a file. */
export function exportAuditLogs(filter: AuditFilter, format: 'csv' | 'json'): Promise<void> {
  return download(`/api/export/audit/${format}` + query({ ...filter }), `audit-logs.${format}`);
}

// websocket-monitor

export function serverHistory(monitorUrl: string, id: number, from: string, to?: string): Promise<History> {
  return api<History>('GET', `${monitorUrl}/api/servers/${id}/stats/history` + query({ from, to }));
}

/** The last minutes of CPU and memory of several servers at once (the fleet view's sparklines). */
export function recentStats(monitorUrl: string, serverIds: number[]): Promise<Recent> {
  return api<Recent>('GET', `${monitorUrl}/api/stats/recent` + query({ serverIds: serverIds.join(','), minutes: 10 }));
}

/** Each core's and each mount's history from..to, stepped like serverHistory. */
export function serverBreakdown(monitorUrl: string, id: number, from: string, to?: string): Promise<Breakdown> {
  return api<Breakdown>('GET', `${monitorUrl}/api/servers/${id}/stats/breakdown` + query({ from, to }));
}

/** Downloads a server's raw samples from..to as a file. */
export function exportSamples(monitorUrl: string, id: number, format: 'csv' | 'json', from: string, to: string): Promise<void> {
  return download(`${monitorUrl}/api/servers/${id}/stats/export` + query({ format, from, to }),
    `server-${id}-stats.${format}`);
}

export function openAlerts(monitorUrl: string, limit: number): Promise<Page<Alert>> {
  return api<Page<Alert>>('GET', `${monitorUrl}/api/alerts` + query({ status: 'open', limit }));
}

/** A server's alerts, open and resolved, newest first. */
export function serverAlerts(monitorUrl: string, serverId: number, limit: number): Promise<Page<Alert>> {
  return api<Page<Alert>>('GET', `${monitorUrl}/api/alerts` + query({ serverId, limit }));
}

export function acknowledgeAlert(monitorUrl: string, id: number): Promise<Alert> {
  return api<Alert>('POST', `${monitorUrl}/api/alerts/${id}/ack`);
}

/** The server's busiest processes now, read over the monitor's SSH connection to it. */
export function topProcesses(monitorUrl: string, serverId: number, sort: 'cpu' | 'memory'): Promise<Processes> {
  return api<Processes>('GET', `${monitorUrl}/api/servers/${serverId}/processes` + query({ sort, limit: 15 }));
}
