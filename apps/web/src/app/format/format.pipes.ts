import { Pipe, PipeTransform } from '@angular/core';
import { formatCompact, formatCount, formatDateTime, formatRate, formatRelative } from './locale-format';

@Pipe({ name: 'count' })
export class CountPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatCount(value);
  }
}

@Pipe({ name: 'compact' })
export class CompactPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatCompact(value);
  }
}

@Pipe({ name: 'rate' })
export class RatePipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatRate(value);
  }
}

@Pipe({ name: 'dateTime' })
export class DateTimePipe implements PipeTransform {
  transform(value: string | Date | null | undefined): string {
    return formatDateTime(value);
  }
}

@Pipe({ name: 'relative' })
export class RelativePipe implements PipeTransform {
  transform(value: string | Date | null | undefined): string {
    return formatRelative(value);
  }
}
