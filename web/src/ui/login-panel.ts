import { ApiError, type LoginResponse } from '../api/client';
import type { SessionStore } from '../auth/session-store';
import { onLangChange, t, type MessageKey } from '../i18n';
import { h, replaceChildren } from './dom';

export interface LoginPanelOptions {
  readonly session: SessionStore;
  readonly login: (username: string, password: string) => Promise<LoginResponse>;
}

/** Sign-in form, or the signed-in user with a sign-out button. */
export class LoginPanel {
  private error = '';
  private busy = false;
  private username = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly options: LoginPanelOptions,
  ) {
    options.session.onChange(() => {
      this.error = '';
      this.render();
    });
    onLangChange(() => this.render());
    this.render();
  }

  private render(): void {
    const user = this.options.session.user;
    if (user) {
      replaceChildren(
        this.container,
        h('h2', { class: 'panel-title' }, t('login.signedIn')),
        h(
          'div',
          { class: 'user-card' },
          h('div', { class: 'user-name', 'data-testid': 'signed-in-user' }, user.username, ' ', h('span', { class: 'role-badge' }, roleLabel(user.role))),
          h('div', { class: 'user-org' }, user.organisation),
          h('button', { type: 'button', class: 'button', onclick: () => this.options.session.clear() }, t('login.logout')),
        ),
      );
      return;
    }
    const usernameInput = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, value: this.username });
    const passwordInput = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const form = h(
      'form',
      { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-heading' },
      h('h2', { class: 'panel-title', id: 'login-heading' }, t('login.heading')),
      h('div', { class: 'field' }, h('label', { for: 'login-username' }, t('login.username')), usernameInput),
      h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), passwordInput),
      h('p', { class: 'form-error', role: 'alert' }, this.error),
      h('button', { type: 'submit', class: 'button button-primary', disabled: this.busy }, this.busy ? t('login.submitting') : t('login.submit')),
      h('p', { class: 'hint' }, t('login.hint')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(usernameInput.value.trim(), passwordInput.value);
    });
    replaceChildren(this.container, form);
  }

  private async submit(username: string, password: string): Promise<void> {
    this.username = username;
    if (!username || !password) return this.fail(t('login.missing'));
    this.busy = true;
    this.error = '';
    this.render();
    try {
      const session = await this.options.login(username, password);
      this.busy = false;
      this.options.session.set(session);
    } catch (err) {
      this.busy = false;
      this.fail(t('login.failed', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  }

  private fail(message: string): void {
    this.error = message;
    this.render();
    this.container.querySelector<HTMLInputElement>('#login-password')?.focus();
  }
}

function roleLabel(role: string): string {
  const key = `role.${role}` as MessageKey;
  return ['admin', 'planner', 'police', 'viewer'].includes(role) ? t(key) : role;
}
