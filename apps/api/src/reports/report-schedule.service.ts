import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MailTransport } from '../alerts/channels/mail-transport';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { JobRegistry } from '../jobs/job-registry';
import type { ScheduleBody } from './dto/report.dto';
import { type ReportSchedule, ReportScheduleRepository } from './report-schedule.repository';
import { ReportService } from './report.service';

const JOB_PREFIX = 'reports.schedule:';
/** Schedules created or removed through another process are picked up within this long. */
const SYNC_SECONDS = 60;
const DAY_MS = 86_400_000;

export interface ScheduleView extends ReportSchedule {
  /** The job whose runs are listed by GET /v1/jobs/runs?job=… */
  job: string;
}

export const scheduleJobName = (id: string) => `${JOB_PREFIX}${id}`;

/**
 * Scheduled reports as jobs of the job runner (cron + time zone, each slot run once across processes, run history
 * in job_runs): each run renders the workspace summary of the `periodDays` before its slot and emails it as a PDF
 * attachment to the recipients.
 */
@Injectable()
export class ReportScheduleService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('reports');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: ReportScheduleRepository,
    private readonly jobs: JobRegistry,
    private readonly reports: ReportService,
    private readonly mail: MailTransport,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync().catch((err: Error) => this.logger.warn(`report schedules not loaded: ${err.message}`));
    this.timer = setInterval(() => void this.sync().catch((err: Error) => this.logger.warn(`report schedules not synced: ${err.message}`)), SYNC_SECONDS * 1000);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Registers a job per enabled schedule and removes the jobs of deleted ones. */
  async sync(): Promise<void> {
    const schedules = await this.repo.listEnabled();
    const wanted = new Set(schedules.map((s) => scheduleJobName(s.id)));
    for (const job of this.jobs.all()) if (job.name.startsWith(JOB_PREFIX) && !wanted.has(job.name)) this.jobs.unregister(job.name);
    for (const s of schedules) if (!this.jobs.get(scheduleJobName(s.id))) this.register(s);
  }

  private register(s: ReportSchedule): void {
    this.jobs.register({
      name: scheduleJobName(s.id),
      cron: s.cron,
      timeZone: s.timeZone,
      workspaceId: s.workspaceId,
      // A missed digest is sent late rather than never, within a day.
      catchUpHours: 24,
      run: async ({ slot }) => ({ rows: await this.send(s.workspaceId, s.id, slot) }),
    });
  }

  /** Renders and emails one run of a schedule; returns the number of recipients it went to. */
  async send(workspaceId: string, scheduleId: string, slot: Date): Promise<number> {
    const s = await this.repo.get(workspaceId, scheduleId);
    if (!s || !s.enabled) return 0;
    const report = await this.reports.summary(workspaceId, new Date(slot.getTime() - s.periodDays * DAY_MS), slot, slot);
    await this.mail.send({
      to: s.recipients,
      subject: `Mailpulse report: ${s.name}`,
      text: `${report.headline}\n\nThe full report is attached (${report.filename}).\nSchedule "${s.name}": ${s.cron} (${s.timeZone}).`,
      attachments: [{ filename: report.filename, content: report.pdf, contentType: 'application/pdf' }],
    });
    return s.recipients.length;
  }

  async list(workspaceId: string): Promise<ScheduleView[]> {
    return (await this.repo.list(workspaceId)).map((s) => ({ ...s, job: scheduleJobName(s.id) }));
  }

  async create(workspaceId: string, body: ScheduleBody): Promise<ScheduleView> {
    const s = await this.repo.create(workspaceId, body);
    this.register(s);
    return { ...s, job: scheduleJobName(s.id) };
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.remove(workspaceId, id))) throw new ApiException(404, ApiErrorCode.NotFound, 'id: no report schedule with this id in the workspace', 'id');
    this.jobs.unregister(scheduleJobName(id));
  }
}
