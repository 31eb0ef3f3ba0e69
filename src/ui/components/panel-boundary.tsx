/**
 * Keeps a render error inside the panel that threw it: the panel shows what failed and a button that mounts
 * it afresh, while the rest of the page keeps working (without a boundary React unmounts the whole page).
 * Stores live outside React, so remounting a panel loses nothing but its local view state.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { PanelFault } from './panel-fault.tsx';

interface Props {
  /** The panel's accessible name, also the fallback's. */
  readonly name: string;
  readonly children: ReactNode;
  /** A new value (a new capture) clears a failure: the panel may well render the new data. */
  readonly resetKey?: unknown;
}

interface State {
  readonly error: Error | null;
  readonly resetKey: unknown;
  /** Bumped by "Try again", to mount the children afresh. */
  readonly attempt: number;
}

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey, attempt: 0 };

  static getDerivedStateFromError(thrown: unknown): Partial<State> {
    return { error: thrown instanceof Error ? thrown : new Error(String(thrown)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { resetKey: props.resetKey, error: null };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.name} panel failed:`, error, info.componentStack);
  }

  private readonly retry = (): void => this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <section className="card panel-failed" role="alert" aria-label={this.props.name}>
          <h2>{this.props.name}</h2>
          <p className="error-message">This panel failed: {error.message}</p>
          <button type="button" onClick={this.retry}>
            Try again
          </button>
        </section>
      );
    }
    return (
      <Fragment key={attempt}>
        <PanelFault panel={this.props.name} />
        {this.props.children}
      </Fragment>
    );
  }
}
