import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { formatCount, formatDateTime } from '../format/locale-format';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from './empty';
import { columnLabel, firstList, listColumns } from './list-columns';
import { LoadingView } from './loading';
import { ProblemView } from './problem';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A card that lists what one API route returns, with its loading, empty and error states. */
@Component({
  selector: 'app-api-list',
  imports: [LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" [attr.aria-label]="title()" [attr.data-testid]="testId()">
      <h2>{{ title() }}</h2>
      @if (list.problem(); as p) {
        <app-problem [problem]="p" [feature]="title()" (retry)="list.reload()" />
      } @else if (list.data(); as rows) {
        @if (rows.length === 0) {
          <app-empty [title]="emptyTitle()"><ng-content /></app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr>@for (c of columns(); track c) { <th>{{ label(c) }}</th> }</tr></thead>
            <tbody>
              @for (r of showAll() ? rows : rows.slice(0, limit()); track $index) {
                <tr>@for (c of columns(); track c) { <td [class.num]="isNumber(r[c])">{{ show(r[c]) }}</td> }</tr>
              }
            </tbody>
          </table></div>
          @if (rows.length > limit()) {
            <button class="btn more" type="button" (click)="showAll.set(!showAll())">{{ showAll() ? 'Show fewer' : 'Show all ' + rows.length }}</button>
          }
        }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `.more { margin-top: 8px; }`,
})
export class ApiList {
  private readonly http = inject(HttpClient);
  readonly url = input.required<string>();
  readonly title = input.required<string>();
  readonly emptyTitle = input('Nothing here yet');
  readonly testId = input('api-list');
  /** Rows shown before "Show all". */
  readonly limit = input(10);
  protected readonly showAll = signal(false);
  protected readonly list = workspaceLoader(async () => firstList(await firstValueFrom(this.http.get<unknown>(this.url()))));
  protected readonly columns = computed(() => listColumns(this.list.data() ?? []));
  protected readonly label = columnLabel;

  protected isNumber(v: unknown): boolean {
    return typeof v === 'number';
  }

  protected show(v: unknown): string {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'number') return formatCount(v);
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (typeof v === 'string' && ISO_TIME.test(v)) return formatDateTime(v);
    return String(v);
  }
}
