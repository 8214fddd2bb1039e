/** Given and family names for addresses; the contact index is appended, so addresses never collide. */
export const GIVEN_NAMES = [
  'anna', 'ben', 'chloe', 'david', 'elena', 'felix', 'greta', 'hugo', 'ines', 'jonas', 'klara', 'lukas', 'marie',
  'noah', 'olivia', 'paul', 'quentin', 'rosa', 'samuel', 'tara', 'ugo', 'vera', 'william', 'xenia', 'yusuf', 'zoe',
  'lea', 'emma', 'liam', 'mia', 'luca', 'sofia', 'mateo', 'nora', 'oscar', 'julia', 'leon', 'ida', 'arthur', 'lina',
];

export const FAMILY_NAMES = [
  'schmidt', 'mueller', 'martin', 'bernard', 'garcia', 'rossi', 'smith', 'jones', 'novak', 'virtanen', 'jansen',
  'dubois', 'lopez', 'fischer', 'weber', 'moreau', 'bianchi', 'brown', 'taylor', 'kowalski', 'nielsen', 'berg',
  'costa', 'silva', 'meyer', 'wagner', 'petit', 'romano', 'walker', 'andersson', 'kim', 'tanaka', 'sharma', 'chen',
];
