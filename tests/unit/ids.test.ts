/** Evidence and run ids are stored keys: a change of hashing must never change them. */
import { deterministicId } from '../../shared/ids.js';

describe('deterministicId', () => {
  it.each([
    [[], '47DEQpj8HBSa-_TImW-5JC'],
    [[''], 'g4QT3spNjkqZNMDgVskqrO'],
    [['assistments', '64525', '33022537'], 'OFHJt3b82VMi95ulLDNuA8'],
    [['ab', 'c'], 'tdciiBmt5sutW5E_M084PJ'],
    [['a', 'bc'], 'tEzn3NHmEWLZ1NY0xp5LwX'],
    [['s3', 'drop', 'incoming/x/é ü.csv', 'etag:abc'], 'uW3mBAIbgrVI2Lueu3nBS0'],
    [['日本語', '|', '1:'], 'zy8VhWxIl0KEdWUWSLVo61'],
  ])('keeps the id of %j as it was recorded', (parts, id) => {
    expect(deterministicId(...parts)).toBe(id);
  });
});
