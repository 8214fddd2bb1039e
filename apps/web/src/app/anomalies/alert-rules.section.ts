import { Component } from '@angular/core';
import { ApiList } from '../ui/api-list';

/** Alert rules of the workspace (thresholds on rates and counts, where to notify). */
@Component({
  selector: 'app-alert-rules-section',
  imports: [ApiList],
  template: `<app-api-list url="/v1/alert-rules" title="Alert rules" emptyTitle="No alert rules yet" testId="alert-rules">
      Add a rule to be told when, for example, the complaint rate passes 0.1 % or a domain's DKIM breaks.
    </app-api-list>
    <app-api-list url="/v1/alert-channels" title="Alert channels" emptyTitle="No channels yet" testId="alert-channels">
      Alerts are shown here and on the overview; add an email or webhook channel to be told elsewhere too.
    </app-api-list>`,
  styles: `:host { display: flex; flex-direction: column; gap: var(--gap); }`,
})
export class AlertRulesSection {}
