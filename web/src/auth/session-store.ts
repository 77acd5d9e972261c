import type { LoginResponse, SessionUser } from '../api/client';

const STORAGE_KEY = 'mimamori.session';

/** The signed-in user and access token, kept in sessionStorage (gone when the tab closes). */
export class SessionStore {
  private session: LoginResponse | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage) {
    this.session = this.read();
  }

  get token(): string | null {
    return this.session?.accessToken ?? null;
  }

  get user(): SessionUser | null {
    return this.session?.user ?? null;
  }

  set(session: LoginResponse): void {
    this.session = session;
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.notify();
  }

  clear(): void {
    if (!this.session) return;
    this.session = null;
    this.storage.removeItem(STORAGE_KEY);
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private read(): LoginResponse | null {
    try {
      const parsed = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? 'null') as LoginResponse | null;
      return parsed && typeof parsed.accessToken === 'string' && parsed.user ? parsed : null;
    } catch {
      return null;
    }
  }
}
