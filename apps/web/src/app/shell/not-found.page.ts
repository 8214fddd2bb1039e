import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  template: `<div class="page-head"><div><h1>Page not found</h1><p>There is no page at this address. <a routerLink="/overview">Go to the overview</a>.</p></div></div>`,
})
export class NotFoundPage {}
