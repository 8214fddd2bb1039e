import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import type { BenchmarksResponse } from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe } from '../format/format.pipes';
import { workspaceLoader } from '../http/workspace-loader';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { benchmarkRows, formatBenchmarkRate, standingTone, standingWords } from './benchmark-rows';

const PERIODS = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '365 days' },
];

/** The workspace's rates beside an industry's published averages, with the source, its date and the MPP caveat. */
@Component({
  selector: 'app-benchmarks-page',
  imports: [CountPipe, DateTimePipe, LoadingView, ProblemView],
  templateUrl: './benchmarks.page.html',
  styleUrl: './benchmarks.page.css',
})
export class BenchmarksPage {
  private readonly http = inject(HttpClient);
  protected readonly periods = PERIODS;
  protected readonly days = signal(30);
  protected readonly industry = signal('all-non-labeled-accounts');
  protected readonly tone = standingTone;
  protected readonly words = standingWords;
  protected readonly percent = formatBenchmarkRate;

  protected readonly report = workspaceLoader(() => {
    const from = new Date(Date.now() - this.days() * 86_400_000).toISOString();
    return firstValueFrom(this.http.get<BenchmarksResponse>('/v1/benchmarks', { params: { from, industry: this.industry() } }));
  });

  protected readonly rows = computed(() => {
    const r = this.report.data();
    return r ? benchmarkRows(r) : [];
  });

  protected setDays(days: number): void {
    this.days.set(days);
    void this.report.reload();
  }

  protected setIndustry(id: string): void {
    this.industry.set(id);
    void this.report.reload();
  }
}
