import { Injectable, signal } from '@angular/core';

export type Theme = 'light' | 'dark';
const THEME_KEY = 'mailpulse.theme';

/** The remembered choice wins; otherwise the system's preference. */
export function initialTheme(stored: string | null, prefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  return prefersDark ? 'dark' : 'light';
}

/** Light and dark themes: one attribute on <html> switches every CSS variable (and the charts read it). */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly themeSig = signal<Theme>('light');
  readonly theme = this.themeSig.asReadonly();

  constructor() {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_KEY);
    } catch {
      stored = null;
    }
    const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
    this.set(initialTheme(stored, prefersDark), false);
  }

  toggle(): void {
    this.set(this.themeSig() === 'dark' ? 'light' : 'dark', true);
  }

  private set(theme: Theme, remember: boolean): void {
    this.themeSig.set(theme);
    if (typeof document !== 'undefined') document.documentElement.dataset['theme'] = theme;
    if (remember) {
      try {
        localStorage.setItem(THEME_KEY, theme);
      } catch {
        // Private mode without storage: the choice lasts for this page.
      }
    }
  }
}
