import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LoginResponse, MeResponse, SignedInUser, WorkspaceOfUser } from './session.types';

const WORKSPACE_KEY = 'mailpulse.workspace';
/**
 * Set while this browser holds a session. The cookie itself is HttpOnly, so without this hint every first visit
 * would ask /v1/auth/me only to be told 401; it holds nothing secret.
 */
const SIGNED_IN_HINT = 'mailpulse.signedIn';

/** Picks the remembered workspace when the user still belongs to it, else the first one. */
export function chooseWorkspace(workspaces: readonly WorkspaceOfUser[], remembered: string | null): string | null {
  if (remembered && workspaces.some((w) => w.id === remembered)) return remembered;
  return workspaces[0]?.id ?? null;
}

/**
 * Who is signed in and which workspace the portal acts on. The session itself is the `mp_session` cookie the
 * API sets (HttpOnly: the portal never sees the token); the chosen workspace goes out as `X-Workspace-Id`.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly http = inject(HttpClient);
  private readonly userSig = signal<SignedInUser | null>(null);
  private readonly workspacesSig = signal<WorkspaceOfUser[]>([]);
  private readonly workspaceIdSig = signal<string | null>(null);
  private checked = false;

  readonly user = this.userSig.asReadonly();
  readonly workspaces = this.workspacesSig.asReadonly();
  readonly workspaceId = this.workspaceIdSig.asReadonly();
  readonly workspace = computed(() => this.workspacesSig().find((w) => w.id === this.workspaceIdSig()) ?? null);
  readonly signedIn = computed(() => this.userSig() !== null);

  /** Asks the API once per page load whether the cookie still names a live session. */
  async restore(): Promise<boolean> {
    if (this.checked) return this.signedIn();
    if (storage()?.getItem(SIGNED_IN_HINT) !== '1') {
      this.checked = true;
      return false;
    }
    try {
      this.apply(await firstValueFrom(this.http.get<MeResponse>('/v1/auth/me')));
    } catch {
      this.clear();
    }
    this.checked = true;
    return this.signedIn();
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await firstValueFrom(this.http.post<LoginResponse>('/v1/auth/login', { email, password }));
    this.apply(res);
    this.checked = true;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/v1/auth/logout', {}));
    } finally {
      this.clear();
    }
  }

  /** The session ended on the server (expired, signed out elsewhere): forget it so the guard sends the user to sign in. */
  expire(): void {
    this.clear();
    this.checked = true;
  }

  selectWorkspace(id: string): void {
    if (!this.workspacesSig().some((w) => w.id === id)) return;
    this.workspaceIdSig.set(id);
    storage()?.setItem(WORKSPACE_KEY, id);
  }

  private apply(res: MeResponse): void {
    storage()?.setItem(SIGNED_IN_HINT, '1');
    this.userSig.set(res.user);
    this.workspacesSig.set(res.workspaces);
    this.workspaceIdSig.set(chooseWorkspace(res.workspaces, storage()?.getItem(WORKSPACE_KEY) ?? null));
  }

  private clear(): void {
    storage()?.removeItem(SIGNED_IN_HINT);
    this.userSig.set(null);
    this.workspacesSig.set([]);
    this.workspaceIdSig.set(null);
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
