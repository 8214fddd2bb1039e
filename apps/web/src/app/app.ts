import { Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ThemeService } from './shell/theme.service';

/** The portal root: applies the theme and shows the routed page (sign-in or the signed-in frame). */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
})
export class App {
  protected readonly theme = inject(ThemeService);
}
