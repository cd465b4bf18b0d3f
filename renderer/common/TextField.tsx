import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A line under the input: what the field takes, or why it is as it is (its description). */
  hint?: ReactNode;
  /** A small tag beside the label ("saved"), outside the input's accessible name. */
  badge?: ReactNode;
}

/**
 * A labelled input of the settings and editor dialogs. The input's accessible name is the label
 * alone (screen readers and tests find it by that); the hint is its description.
 */
export function TextField({
  label,
  value,
  onChange,
  hint,
  badge,
  className,
  type = 'text',
  ...input
}: TextFieldProps) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <span className="field__label">
        <label htmlFor={id}>{label}</label>
        {badge ? (
          <span className="field__badge" aria-hidden="true">
            {badge}
          </span>
        ) : null}
      </span>
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...input}
      />
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
