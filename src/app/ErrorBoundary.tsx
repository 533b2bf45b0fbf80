import { Component, type ReactNode } from 'react';
import { translate } from '../i18n';
import { uiStore } from '../state';

/** A render crash shows a message and a reload button instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const lang = uiStore.getState().lang;
    return (
      <div className="load-errors" role="alert">
        <h2>{translate(lang, 'app.crashed')}</h2>
        <pre>{error.message}</pre>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          {translate(lang, 'app.reload')}
        </button>
      </div>
    );
  }
}
