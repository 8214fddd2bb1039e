import { Controller, Get, Global, Header, Inject, Module, UseGuards } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsTokenGuard } from '../auth/metrics-token.guard';
import { METRICS_REGISTRY } from '../ingestion/ingestion.service';

@Controller('metrics')
@UseGuards(MetricsTokenGuard)
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  /** Prometheus text format: pipeline step outcomes and timings, process metrics. */
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: METRICS_REGISTRY,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
  ],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {}
