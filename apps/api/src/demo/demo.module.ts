import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { DemoTrafficService } from './demo-traffic.service';
import { DemoService } from './demo.service';

@Module({ imports: [IngestionModule], providers: [DemoService, DemoTrafficService], exports: [DemoService] })
export class DemoModule {}
