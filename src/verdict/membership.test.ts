import { describe, expect, it } from 'vitest';
import { loadConfig } from '../rules/load.js';
import { addExitLink, FAMILY, genericFamilies, linksAsMember, SIGNUP_FAMILIES } from './membership.js';

const v = loadConfig().verdict;
const kw = loadConfig().kind_weights;
const strong = { behaviour: 0.7, elicits: true, core: true, elicited: 5 };

describe('linksAsMember', () => {
  it('two specific families strong enough with core behaviour make a member', () => {
    expect(linksAsMember({ mask: FAMILY.payment | FAMILY.network, weight: 1.5 }, strong, v)).toBe(true);
    expect(linksAsMember({ mask: FAMILY.payment | FAMILY.network, weight: 1.5 }, { ...strong, core: false }, v)).toBe(false);
    expect(linksAsMember({ mask: FAMILY.network | FAMILY.creation_wave, weight: v.member_link_min - 0.01 }, strong, v)).toBe(false);
  });

  it('sign-up families alone need suspect-level behaviour', () => {
    const signup = { mask: FAMILY.email_pattern | FAMILY.creation_wave, weight: 0.7 };
    expect(linksAsMember(signup, { ...strong, behaviour: v.member_solo_behaviour_min }, v)).toBe(true);
    expect(linksAsMember(signup, { ...strong, behaviour: v.member_solo_behaviour_min - 0.05 }, v)).toBe(false);
  });

  it('one strong family needs elicitation evidence and suspect-level behaviour', () => {
    const one = { mask: FAMILY.template, weight: 0.8 };
    expect(linksAsMember(one, strong, v)).toBe(true);
    expect(linksAsMember(one, { ...strong, elicits: false }, v)).toBe(false);
    expect(linksAsMember(one, { ...strong, behaviour: 0.5 }, v)).toBe(false);
  });

  it('one family that is generic (a question asked word for word, a system prompt) is no membership on its own', () => {
    const framed = { mask: FAMILY.template, weight: kw.template, generic: SIGNUP_FAMILIES };
    const wordForWord = { ...framed, generic: genericFamilies(FAMILY.template, false) };
    expect(linksAsMember(framed, strong, v)).toBe(true);
    expect(linksAsMember(wordForWord, strong, v)).toBe(false);
    expect(linksAsMember(wordForWord, { ...strong, behaviour: 0.95, elicited: 50 }, v)).toBe(false);
  });

  it('behaviour resting on elicitation needs member_min_elicited own requests, not one among a few exchanges', () => {
    const link = { mask: FAMILY.network | FAMILY.creation_wave, weight: 0.8 };
    expect(v.member_min_elicited).toBeGreaterThanOrEqual(2);
    expect(linksAsMember(link, { ...strong, elicited: 1 }, v)).toBe(false);
    expect(linksAsMember(link, { ...strong, elicited: v.member_min_elicited }, v)).toBe(true);
    // usage-shape core (no elicitation rule fired) is not held to the count
    expect(linksAsMember(link, { ...strong, elicits: false, elicited: 0 }, v)).toBe(true);
  });

  it('a sign-up wave plus the fleet\'s system prompt (the weakest pair) is enough with suspect-level behaviour, not with core behaviour alone', () => {
    // a system prompt without a prompt template is generic (a published recipe ordinary developers copy)
    const pair = { mask: FAMILY.creation_wave | FAMILY.template, weight: kw.creation_wave + kw.system_prompt, generic: SIGNUP_FAMILIES | FAMILY.template };
    expect(linksAsMember(pair, strong, v)).toBe(true);
    expect(linksAsMember(pair, { ...strong, core: false }, v)).toBe(false);
    const coreOnly = { ...strong, behaviour: v.member_solo_behaviour_min - 0.05 };
    expect(coreOnly.behaviour).toBeGreaterThanOrEqual(v.member_behaviour_min);
    expect(linksAsMember(pair, coreOnly, v)).toBe(false);
    // the same pair through a prompt template (not generic) needs only core behaviour
    expect(linksAsMember({ ...pair, weight: kw.creation_wave + kw.template, generic: SIGNUP_FAMILIES }, coreOnly, v)).toBe(true);
    // a user agent and a sign-up wave are not (their weights sum below member_link_min)
    expect(linksAsMember({ mask: FAMILY.network | FAMILY.creation_wave, weight: kw.user_agent + kw.creation_wave }, strong, v)).toBe(false);
  });

  it('standing elicitation (a system prompt demanding the reasoning) counts only with a payment instrument or two or more subnets', () => {
    // a recipe user whose own behaviour is usage shapes (0.28) and whose recipe adds 0.3
    const standing = { behaviour: 0.5, elicits: false, core: true, elicited: 0, withoutStanding: { behaviour: 0.28, core: false } };
    const recipeAndWave = { mask: FAMILY.template | FAMILY.creation_wave, weight: 0.6, generic: SIGNUP_FAMILIES | FAMILY.template };
    const oneSubnet = { mask: FAMILY.network | FAMILY.template | FAMILY.creation_wave, weight: 1.1, subnets: 1 };
    const twoSubnets = { ...oneSubnet, subnets: 2 };
    const card = { mask: FAMILY.payment | FAMILY.creation_wave, weight: 1.3 };
    expect(linksAsMember(twoSubnets, standing, v)).toBe(true);
    expect(linksAsMember(card, standing, v)).toBe(true);
    // one /24 shared with a proxy exit, or only the recipe and sign-up traits: judged without it
    expect(linksAsMember(oneSubnet, standing, v)).toBe(false);
    expect(linksAsMember(recipeAndWave, standing, v)).toBe(false);
    expect(linksAsMember({ mask: FAMILY.network, weight: 0.5, subnets: 3 }, { ...standing, behaviour: 0.7 }, v)).toBe(false);
    // without standing elicitation the same accounts are judged as before
    const usage = { behaviour: 0.7, elicits: false, core: true, elicited: 0 };
    expect(linksAsMember(oneSubnet, usage, v)).toBe(true);
  });

  it('no family, no membership', () => {
    expect(linksAsMember({ mask: 0, weight: 0 }, strong, v)).toBe(false);
  });
});

describe('addExitLink', () => {
  it('two or more of a campaign\'s exits add the network family once; one exit, or a network family already there, adds nothing', () => {
    const two = { mask: FAMILY.template, weight: 0.8, subnets: 2 };
    addExitLink(two, kw.subnet);
    expect(two).toEqual({ mask: FAMILY.template | FAMILY.network, weight: 0.8 + kw.subnet, subnets: 2 });
    const one = { mask: FAMILY.template, weight: 0.8, subnets: 1 };
    addExitLink(one, kw.subnet);
    expect(one).toEqual({ mask: FAMILY.template, weight: 0.8, subnets: 1 });
    const listed = { mask: FAMILY.template | FAMILY.network, weight: 1.3, subnets: 3 };
    addExitLink(listed, kw.subnet);
    expect(listed.weight).toBe(1.3);
  });
});
