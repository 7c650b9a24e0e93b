/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar, JMLR 2018, Algorithm 1), with
 * maximum resource R per configuration and halving rate eta:
 * s_max = floor(log_eta(R)); bracket s (s_max down to 0) starts n = ceil((s_max + 1) eta^s / (s + 1))
 * configurations at resource r = R eta^-s; round i of its successive halving runs
 * n_i = floor(n eta^-i) configurations at r_i = r eta^i and keeps the best floor(n_i / eta).
 */
export interface HyperbandRound {
  configurations: number;
  resource: number;
}

export interface HyperbandBracket {
  s: number;
  rounds: HyperbandRound[];
}

export function hyperbandBrackets(maxResource: number, eta: number): HyperbandBracket[] {
  if (!(eta >= 2)) throw new Error(`Hyperband needs eta >= 2; got ${eta}`);
  if (!(maxResource >= 1))
    throw new Error(`Hyperband needs a maximum resource >= 1; got ${maxResource}`);
  // A small epsilon keeps log_3(81) = 4 from rounding down to 3.
  const sMax = Math.floor(Math.log(maxResource) / Math.log(eta) + 1e-9);
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * eta ** s - 1e-9);
    const r = maxResource * eta ** -s;
    brackets.push({
      s,
      rounds: Array.from({ length: s + 1 }, (_, i) => ({
        configurations: Math.floor(n * eta ** -i + 1e-9),
        resource: r * eta ** i,
      })),
    });
  }
  return brackets;
}

/** Total resource a bracket spends (sum over rounds of configurations x resource). */
export const bracketCost = (bracket: HyperbandBracket): number =>
  bracket.rounds.reduce((sum, r) => sum + r.configurations * r.resource, 0);
