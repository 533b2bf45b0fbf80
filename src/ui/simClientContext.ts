/** The one sim client of the page, provided by the app (components never create workers). */
import { createContext, useContext } from 'react';
import type { SimClient } from '../sim-client';

export const SimClientContext = createContext<SimClient | null>(null);

export function useSimClient(): SimClient {
  const c = useContext(SimClientContext);
  if (!c) throw new Error('useSimClient outside <SimClientContext.Provider>');
  return c;
}
