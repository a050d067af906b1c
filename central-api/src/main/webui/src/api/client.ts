// The central-api client: the access token lives in memory only, the refresh token in sessionStorage (so a
// reload in the same tab keeps the login, a new tab or a closed browser does not). A 401 refreshes once,
// transparently, then retries; a failed refresh signs the user out. The transport of routes.ts (one function a
// route) and of the two sockets (live.ts, terminal.ts); signing in, out and the refresh are here, with the tokens.

import type { User } from './types';

/** The API's error shape (STYLE.md): status, error code, words for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The whole error body: a policy refusal adds reason, rule and policyMode. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const REFRESH_KEY = 'servermonitor.refresh';
let accessToken: string | null = null;
let currentUser: User | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(u: User | null) => void>();

export function user(): User | null {
  return currentUser;
}

export function token(): string | null {
  return accessToken;
}

export function onUserChange(listener: (u: User | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function signedIn(body: { accessToken: string; refreshToken: string; user: User }) {
  accessToken = body.accessToken;
  currentUser = body.user;
  sessionStorage.setItem(REFRESH_KEY, body.refreshToken);
  listeners.forEach((l) => l(currentUser));
}

function signedOut() {
  accessToken = null;
  currentUser = null;
  sessionStorage.removeItem(REFRESH_KEY);
  listeners.forEach((l) => l(null));
}

async function errorOf(r: Response): Promise<ApiError> {
  let body: { error?: string; message?: string; [k: string]: unknown } = {};
  try {
    body = await r.json();
  } catch {
    // not the error shape: the status says enough
  }
  const retry = r.headers.get('Retry-After');
  return new ApiError(r.status, body.error ?? 'http_' + r.status, body.message ?? r.statusText,
    retry ? Number(retry) : undefined, body);
}

async function raw(method: string, path: string, body?: unknown, auth = true, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (auth && accessToken) {
    headers.Authorization = 'Bearer ' + accessToken;
  }
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Exchanges the stored refresh token for a new pair; false when there is none or it is spent. */
export function refresh(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const stored = sessionStorage.getItem(REFRESH_KEY);
      if (!stored) {
        return false;
      }
      const r = await raw('POST', '/api/auth/refresh', { refreshToken: stored }, false);
      if (!r.ok) {
        signedOut();
        return false;
      }
      signedIn(await r.json());
      return true;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** A call with the access token; on 401 one transparent refresh and a retry. */
async function authorized(send: () => Promise<Response>): Promise<Response> {
  const r = await send();
  return r.status === 401 && (await refresh()) ? send() : r;
}

/**
 * A whole-number form field as JSON: a number when the text is digits, nothing when it is empty (the API's
 * default), else the text itself so the API refuses it naming the field. Number() would turn "1e3" into 1000,
 * "0x16" into 22 and junk into NaN, which JSON sends as null.
 */
export function wholeNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') {
    return undefined;
  }
  return /^-?\d{1,15}$/.test(t) ? Number(t) : t;
}

/** A JSON call; throws ApiError on any non-2xx, after one transparent refresh on 401. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await authorized(() => raw(method, path, body));
  if (!r.ok) {
    throw await errorOf(r);
  }
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/** A download through the API (exports): fetched with the token, then saved under the server's file name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const r = await authorized(() => raw('GET', path, undefined, true, '*/*'));
  if (!r.ok) {
    throw await errorOf(r);
  }
  const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Words for any failure of a call. */
export function message(e: unknown): string {
  return e instanceof ApiError ? e.message : 'central-api could not be reached';
}

export async function login(username: string, password: string): Promise<User> {
  const r = await raw('POST', '/api/auth/login', { username, password }, false);
  if (!r.ok) {
    throw await errorOf(r);
  }
  const body = await r.json();
  signedIn(body);
  return body.user;
}

export async function initialize(username: string, email: string, password: string): Promise<User> {
  const r = await raw('POST', '/api/setup/initialize', { username, email, password }, false);
  if (!r.ok) {
    throw await errorOf(r);
  }
  const body = await r.json();
  signedIn(body);
  return body.user;
}

/** Revokes the session on the server and forgets every token here. */
export async function logout(): Promise<void> {
  const stored = sessionStorage.getItem(REFRESH_KEY);
  signedOut();
  if (stored) {
    await raw('POST', '/api/auth/logout', { refreshToken: stored }, false).catch(() => undefined);
  }
}

/** A WebSocket URL under a service's public base URL, http(s) turned into ws(s). */
export function socketUrl(base: string, path: string): string {
  return base.replace(/^http/, 'ws') + path;
}

/** What browsers send for a WebSocket token (DESIGN.md): the subprotocol list. */
export function socketProtocols(): string[] {
  return ['bearer-token-carrier', 'bearer.' + (accessToken ?? '')];
}
