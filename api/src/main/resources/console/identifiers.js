// What a person types into "Identifier", read as the API's identifier types (docs/api.md, "Finding a customer";
// the service normalises each value itself: MSISDN to E.164, EMAIL and SOCIAL case-insensitive).

export const TYPES = ['ACCOUNT', 'MSISDN', 'EMAIL', 'SOCIAL', 'STORE_CARD'];

/**
 * The ways to read the text, most likely first: {id} for a customer id, {type, value} for an identifier.
 * "TYPE:VALUE" is exactly that; "@handle" a SOCIAL handle; anything else with an @ an EMAIL; a number (with +,
 * spaces, dashes, dots or brackets) an MSISDN; any other text a customer id, else an ACCOUNT, else a STORE_CARD.
 */
export function readings(text) {
  const value = (text || '').trim();
  if (!value) {
    return [];
  }
  const typed = /^([A-Za-z_]+):(.+)$/.exec(value);
  if (typed) {
    const type = typed[1].toUpperCase();
    if (TYPES.includes(type)) {
      return [{type, value: typed[2].trim()}];
    }
    if (type === 'ID' || type === 'CUSTOMER') {
      return [{id: typed[2].trim()}];
    }
  }
  if (value.startsWith('@')) {
    return [{type: 'SOCIAL', value}];
  }
  if (value.includes('@')) {
    return [{type: 'EMAIL', value}];
  }
  if (/^\+?[\d\s().-]+$/.test(value) && value.replace(/\D/g, '').length >= 6) {
    return [{type: 'MSISDN', value}];
  }
  return [{id: value}, {type: 'ACCOUNT', value}, {type: 'STORE_CARD', value}];
}

/** How a reading is described to the user. */
export function describe(reading) {
  return reading.id !== undefined ? `customer id ${reading.id}` : `${reading.type} ${reading.value}`;
}
