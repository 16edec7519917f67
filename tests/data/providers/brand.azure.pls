<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>LiveKit</grapheme>
    <grapheme>livekit</grapheme>
    <grapheme>LIVEKIT</grapheme>
    <phoneme>ˈlaɪv.kɪt</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>SKU</grapheme>
    <alias>skew</alias>
  </lexeme>
  <lexeme>
    <grapheme>Acme Care</grapheme>
    <grapheme>acme care</grapheme>
    <grapheme>ACME CARE</grapheme>
    <grapheme>AcmeCare</grapheme>
    <grapheme>acmecare</grapheme>
    <grapheme>ACMECARE</grapheme>
    <alias>Ack-mee Care</alias>
  </lexeme>
  <lexeme>
    <grapheme>Tuolumne</grapheme>
    <grapheme>tuolumne</grapheme>
    <grapheme>TUOLUMNE</grapheme>
    <phoneme>tuˈɑl.ə.mi</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>e.g.</grapheme>
    <grapheme>E.G.</grapheme>
    <grapheme>E.g.</grapheme>
    <alias>for example</alias>
  </lexeme>
</lexicon>
