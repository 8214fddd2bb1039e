import { HttpErrorResponse } from '@angular/common/http';
import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Dashboard, DashboardWidget } from '@mailpulse/contracts';
import { DateTimePipe } from '../format/format.pipes';
import { ApiProblem, toApiProblem } from '../http/api-error';
import { createLoader } from '../http/load-state';
import { SessionStore } from '../session/session.store';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { compactLayout } from './dashboard-layout';
import { addWidget, DashboardDraft, draftOf, emptyWidgetForm, fieldTarget, formFieldOf, formOf, isDirty, updateBody, WidgetForm, widgetOf } from './dashboard-draft';
import { DashboardGrid } from './dashboard-grid';
import { GRID } from './dashboard-vocabulary';
import { DashboardsClient } from './dashboards.client';
import { WidgetEditor } from './widget-editor';

interface EditorState {
  /** Changes per opening, so the form starts afresh. */
  key: number;
  mode: 'add' | 'edit';
  widgetId: string | null;
  form: WidgetForm;
  problems: Partial<Record<keyof WidgetForm, string>>;
}

/** Someone saved in between: the version stored now and the one this edit started from. */
interface Conflict {
  current: number | null;
  mine: number;
  message: string;
}

/**
 * One dashboard (`/dashboards/:id`): its widgets on the 12-column grid, each reading its own analytics. Its owner
 * (or an admin, for a shared one) edits it in place: widgets added, removed, moved and resized, the name,
 * description and sharing changed, then saved as a whole with the version it was read at.
 */
@Component({
  selector: 'app-dashboard-page',
  imports: [FormsModule, RouterLink, DateTimePipe, DashboardGrid, WidgetEditor, EmptyView, LoadingView, ProblemView],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.css',
})
export class DashboardPage {
  private readonly client = inject(DashboardsClient);
  private readonly session = inject(SessionStore);
  /** From the route (`/dashboards/:id`). */
  readonly id = input.required<string>();
  /** `?edit=1`: open in edit mode (a new blank dashboard does). */
  readonly edit = input<string | undefined>(undefined);

  private readonly loaded = createLoader(() => this.client.get(this.id()), { immediate: false });
  /** The dashboard as last saved or changed here (default), over the one read. */
  private readonly local = signal<Dashboard | null>(null);
  protected readonly dashboard = computed(() => this.local() ?? this.loaded.data());
  protected readonly problem = this.loaded.problem;

  protected readonly draft = signal<DashboardDraft | null>(null);
  protected readonly editing = computed(() => this.draft() !== null);
  protected readonly editor = signal<EditorState | null>(null);
  private editorOpenings = 0;
  private editAsked = false;
  protected readonly saving = signal(false);
  protected readonly conflict = signal<Conflict | null>(null);
  /** The API's refusal of a save, by where it points. */
  protected readonly fieldProblems = signal<{ name?: string; description?: string; shared?: string; widgets?: string; other?: string }>({});
  protected readonly widgetProblems = signal<Record<string, string>>({});
  protected readonly notice = signal<string | null>(null);
  protected readonly defaultBusy = signal(false);
  protected readonly limits = GRID;

  protected readonly widgets = computed<DashboardWidget[]>(() => this.draft()?.widgets ?? this.dashboard()?.widgets ?? []);
  protected readonly dirty = computed(() => {
    const d = this.draft();
    const saved = this.dashboard();
    return !!d && !!saved && isDirty(d, saved);
  });
  protected readonly full = computed(() => this.widgets().length >= GRID.maxWidgets);

  constructor() {
    effect(() => {
      this.id();
      if (!this.session.workspaceId()) return;
      untracked(() => void this.reload());
    });
  }

  protected async reload(): Promise<void> {
    this.local.set(null);
    this.draft.set(null);
    this.editor.set(null);
    this.conflict.set(null);
    this.clearProblems();
    await this.loaded.reload();
    // `?edit=1` opens the editor once, on arrival; a later reload (after a conflict) shows the stored dashboard.
    if (this.edit() === '1' && !this.editAsked) this.startEditing();
    this.editAsked = true;
  }

  protected startEditing(): void {
    const d = this.dashboard();
    if (!d?.canEdit) return;
    this.draft.set(draftOf(d));
    this.notice.set(null);
  }

  protected cancelEditing(): void {
    this.draft.set(null);
    this.editor.set(null);
    this.conflict.set(null);
    this.clearProblems();
  }

  protected patch(change: Partial<DashboardDraft>): void {
    const d = this.draft();
    if (d) this.draft.set({ ...d, ...change });
  }

  protected setWidgets(widgets: DashboardWidget[]): void {
    this.patch({ widgets });
  }

  protected closeGaps(): void {
    const d = this.draft();
    if (d) this.patch({ widgets: compactLayout(d.widgets) });
  }

  protected openAdd(): void {
    this.editor.set({ key: ++this.editorOpenings, mode: 'add', widgetId: null, form: emptyWidgetForm('kpi'), problems: {} });
  }

  protected openSettings(widgetId: string, problems: EditorState['problems'] = {}): void {
    const w = this.draft()?.widgets.find((x) => x.id === widgetId);
    if (w) this.editor.set({ key: ++this.editorOpenings, mode: 'edit', widgetId, form: formOf(w), problems });
  }

  protected applyEditor(form: WidgetForm): void {
    const state = this.editor();
    const d = this.draft();
    if (!state || !d) return;
    if (state.mode === 'add') {
      this.patch({ widgets: addWidget(d.widgets, form) });
    } else {
      this.patch({ widgets: d.widgets.map((w) => (w.id === state.widgetId ? widgetOf(form, w.id, w.position) : w)) });
      this.dropWidgetProblem(state.widgetId!);
    }
    this.editor.set(null);
  }

  protected removeWidget(widgetId: string): void {
    const d = this.draft();
    if (!d) return;
    this.patch({ widgets: d.widgets.filter((w) => w.id !== widgetId) });
    this.dropWidgetProblem(widgetId);
    if (this.editor()?.widgetId === widgetId) this.editor.set(null);
  }

  protected async save(): Promise<void> {
    const d = this.draft();
    const saved = this.dashboard();
    if (!d || !saved || this.saving()) return;
    this.saving.set(true);
    this.clearProblems();
    this.conflict.set(null);
    try {
      const stored = await this.client.update(saved.id, updateBody(d, saved.version));
      this.local.set(stored);
      this.draft.set(null);
      this.editor.set(null);
      this.notice.set(`Saved (version ${stored.version}).`);
    } catch (err) {
      this.showSaveProblem(err, saved.version);
    } finally {
      this.saving.set(false);
    }
  }

  protected async toggleDefault(): Promise<void> {
    const d = this.dashboard();
    if (!d || this.defaultBusy()) return;
    this.defaultBusy.set(true);
    try {
      if (d.isDefault) await this.client.clearDefault(d.id);
      else await this.client.setDefault(d.id);
      this.local.set({ ...d, isDefault: !d.isDefault });
      this.notice.set(d.isDefault ? 'No longer your default dashboard.' : 'This is your default dashboard now.');
    } catch (err) {
      this.notice.set(toApiProblem(err).message);
    } finally {
      this.defaultBusy.set(false);
    }
  }

  protected isNotFound(p: ApiProblem): boolean {
    return p.status === 404 && !p.notAvailable;
  }

  private showSaveProblem(err: unknown, mine: number): void {
    const p = toApiProblem(err);
    if (p.status === 409 && p.code === 'version_conflict') {
      const body = err instanceof HttpErrorResponse ? (err.error as { currentVersion?: unknown } | null) : null;
      this.conflict.set({ current: typeof body?.currentVersion === 'number' ? body.currentVersion : null, mine, message: p.message });
      return;
    }
    if (p.status === 400) {
      const target = fieldTarget(p.field);
      const message = p.message.replace(/^[^:]+:\s*/, '');
      if (target.on === 'dashboard') {
        this.fieldProblems.set({ [target.field]: message });
        return;
      }
      if (target.on === 'widget') {
        const widget = this.draft()?.widgets[target.index];
        if (widget) {
          this.widgetProblems.set({ [widget.id]: `${target.field || 'widget'}: ${message}` });
          const formField = formFieldOf(target.field);
          if (formField) this.openSettings(widget.id, { [formField]: message });
          return;
        }
      }
    }
    this.fieldProblems.set({ other: p.code === 'not_dashboard_owner' ? `${p.message} Only its owner (or an admin, for a shared dashboard) can change it.` : p.message });
  }

  private clearProblems(): void {
    this.fieldProblems.set({});
    this.widgetProblems.set({});
  }

  private dropWidgetProblem(widgetId: string): void {
    this.widgetProblems.set(Object.fromEntries(Object.entries(this.widgetProblems()).filter(([id]) => id !== widgetId)));
  }
}
