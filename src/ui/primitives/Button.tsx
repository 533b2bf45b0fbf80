import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  icon?: ReactNode;
}

/** A real <button>: keyboard operable and focus-visible by default. */
export function Button({ variant = 'secondary', icon, children, className, ...rest }: ButtonProps) {
  return (
    <button type="button" className={`btn btn-${variant} ${className ?? ''}`} {...rest}>
      {icon !== undefined && (
        <span className="btn-icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </button>
  );
}
