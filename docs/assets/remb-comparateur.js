// Comparateur de contrats et tableau de garanties complet. Ce script ne contient aucune règle :
// il copie les modèles (<template>) écrits à la construction pour ajouter, dupliquer, retirer et
// renuméroter des lignes ; il remplit des champs depuis les préréglages et profils (données du
// paquet, dans data-donnees) ; il garde l'état dans l'adresse (compressé, après le #) et dans un
// fichier JSON. Le calcul reste celui de tous les calculateurs : remb-calculateur.js envoie les
// champs au worker, qui appelle remb_core.formulaire.executer et rend le HTML.

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];
const LISTES = { personnes: ".remb-carte-personne", actes: "li.remb-acte",
  contrats: ".remb-carte-contrat-saisie" };
const FICHIER_MAX = 2_000_000;

// --- Petits outils -----------------------------------------------------------------------------

function donnees(calc) {
  if (!calc.rembDonnees) calc.rembDonnees = JSON.parse(calc.dataset.donnees || "{}");
  return calc.rembDonnees;
}

function idDe(calc, nom) {
  // Même règle que site_macros/calculateurs.py (Formulaire.id).
  return `${calc.dataset.calculateur}-${nom.replace(/[^A-Za-z0-9]/g, "-")}`;
}

function fixerIds(calc, racine) {
  racine.querySelectorAll(".remb-champ, .remb-case").forEach((bloc) => {
    const champ = bloc.querySelector("[name]");
    if (!champ) return;
    const id = idDe(calc, champ.name);
    champ.id = id;
    const label = bloc.querySelector("label");
    if (label) label.htmlFor = id;
    const aide = bloc.querySelector("small");
    if (aide) aide.id = `${id}-aide`;
    const erreur = bloc.querySelector(".remb-erreur");
    if (erreur) { erreur.id = `${id}-erreur`; erreur.dataset.erreurPour = champ.name; }
    if (champ.type !== "checkbox") {
      champ.setAttribute("aria-describedby", `${id}-erreur${aide ? ` ${id}-aide` : ""}`);
    }
  });
}

function renommer(calc, racine, ancien, nouveau) {
  // « actes[5] » → « actes[4] » dans les noms et les conditions d'affichage, puis les ids.
  const elements = [racine, ...racine.querySelectorAll("*")];
  for (const el of elements) {
    for (const attr of ["name", "data-visible-si"]) {
      const v = el.getAttribute(attr);
      if (v && v.includes(ancien)) el.setAttribute(attr, v.split(ancien).join(nouveau));
    }
  }
  fixerIds(calc, racine);
}

function instancier(calc, modele, remplacements) {
  let html = calc.querySelector(`template[data-modele="${modele}"]`).innerHTML;
  for (const [cle, valeur] of Object.entries(remplacements)) html = html.split(cle).join(valeur);
  const t = document.createElement("template");
  t.innerHTML = html;
  const el = t.content.firstElementChild;
  fixerIds(calc, el);
  return el;
}

function champs(formulaire) {
  const sortie = {};
  for (const el of formulaire.elements) {
    if (el.name) sortie[el.name] = el.type === "checkbox" ? String(el.checked) : el.value;
  }
  return sortie;
}

function ecrire(formulaire, nom, valeur) {
  const el = formulaire.elements.namedItem(nom);
  if (!el || el instanceof RadioNodeList) return false;
  if (el.type === "checkbox") el.checked = String(valeur) === "true";
  else el.value = valeur;
  return true;
}

function visibilite(formulaire, racine) {
  const valeurs = champs(formulaire);
  racine.querySelectorAll("[data-visible-si]").forEach((bloc) => {
    const [nom, permis] = bloc.dataset.visibleSi.split("=");
    bloc.hidden = !permis.split(",").includes(valeurs[nom] ?? "");
  });
}

function elements(calc, liste) {
  return [...calc.querySelectorAll(`[data-liste="${liste}"] > ${LISTES[liste]}`)];
}

function annoncer(calc, texte) {
  calc.querySelector(".remb-statut").textContent = texte;
}

function recalculer(calc) {
  // Le formulaire a changé de forme : remb-calculateur.js recalcule et met l'adresse à jour.
  calc.querySelector("form").dispatchEvent(new Event("input", { bubbles: true }));
}

function dateFr(iso) {
  // « 27 mai » : l'année est celle du champ Année.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return iso || "date ?";
  const jour = Number(m[3]);
  return `${jour === 1 ? "1er" : jour} ${MOIS[Number(m[2]) - 1] || "?"}`;
}

function decaler(iso, pas, k) {
  const [a, m, j] = iso.split("-").map(Number);
  if (pas === "m1") {
    const cible = new Date(Date.UTC(a, m - 1 + k, 1));
    const dernier = new Date(Date.UTC(cible.getUTCFullYear(), cible.getUTCMonth() + 1, 0)).getUTCDate();
    cible.setUTCDate(Math.min(j, dernier));
    return cible.toISOString().slice(0, 10);
  }
  return new Date(Date.UTC(a, m - 1, j + k * Number(pas))).toISOString().slice(0, 10);
}

// --- Les personnes ---------------------------------------------------------------------------

function noms(calc) {
  const f = calc.querySelector("form");
  return elements(calc, "personnes").map((_, i) => {
    const el = f.elements.namedItem(`personnes[${i}].id`);
    return [`personnes[${i}]`, (el && el.value.trim()) || `Personne ${i + 1}`];
  });
}

function majPersonnes(calc) {
  const liste = noms(calc);
  calc.querySelectorAll('select[name$="].personne"]').forEach((select) => {
    const courant = select.value;
    select.replaceChildren(...liste.map(([valeur, texte]) => new Option(texte, valeur)));
    select.value = liste.some(([v]) => v === courant) ? courant : "personnes[0]";
  });
  elements(calc, "actes").forEach((li) => majResume(calc, li));
  const max = donnees(calc).max || {};
  const bouton = calc.querySelector('[data-action="ajouter"][data-liste="personnes"]');
  if (bouton) bouton.disabled = liste.length >= (max.personnes || 6);
  elements(calc, "personnes").forEach((carte) => {
    carte.querySelector('[data-action="retirer"]').disabled = liste.length <= 1;
  });
}

function ajouterPersonne(calc) {
  const n = elements(calc, "personnes").length;
  const carte = instancier(calc, "personnes", { __i__: n });
  calc.querySelector('[data-liste="personnes"]').append(carte);
  carte.querySelector(`[name="personnes[${n}].id"]`).value = `Personne ${n + 1}`;
  majPersonnes(calc);
  carte.querySelector("input").focus();
  annoncer(calc, `Personne ${n + 1} ajoutée.`);
}

function retirerPersonne(calc, carte) {
  const rang = Number(carte.dataset.rang);
  const ref = `personnes[${rang}]`;
  const siens = elements(calc, "actes").filter((li) => valeurActe(li, "personne") === ref);
  siens.reverse().forEach((li) => retirerLigne(calc, li, "actes", true));
  carte.remove();
  elements(calc, "personnes").forEach((c) => {
    const k = Number(c.dataset.rang);
    if (k > rang) { renommer(calc, c, `personnes[${k}]`, `personnes[${k - 1}]`); c.dataset.rang = k - 1; }
  });
  for (const li of elements(calc, "actes")) {
    const k = Number((/personnes\[(\d+)\]/.exec(valeurActe(li, "personne")) || [])[1]);
    if (k > rang) ecrireActe(li, "personne", `personnes[${k - 1}]`);
  }
  majPersonnes(calc);
  annoncer(calc, `Personne retirée${siens.length ? `, avec ses ${siens.length} soin(s)` : ""}.`);
}

// --- Les soins : une liste compacte, un éditeur ouvert à la demande -------------------------

function valeurActe(li, cle) {
  const el = li.querySelector(`[name$="].${cle}"]`);
  return el ? el.value : "";
}

function ecrireActe(li, cle, valeur) {
  let el = li.querySelector(`[name$="].${cle}"]`);
  if (!el) {
    el = document.createElement("input");
    el.type = "hidden";
    el.name = `actes[${li.dataset.rang}].${cle}`;
    li.prepend(el);
  }
  el.value = valeur;
}

const NOMBRE = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function prixLisible(texte) {
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(texte.replace(/[\s€]/g, ""));
  return m ? `${NOMBRE.format(Number(`${m[1]}.${m[2] || "0"}`))}\u00a0€` : texte;
}

function majResume(calc, li) {
  const resume = li.querySelector(".remb-resume");
  const personne = Object.fromEntries(noms(calc))[valeurActe(li, "personne")] || "?";
  const acte = donnees(calc).actes[valeurActe(li, "acte")] || "soin à choisir";
  const quantite = valeurActe(li, "quantite");
  const prix = valeurActe(li, "prix").trim();
  resume.textContent = `${dateFr(valeurActe(li, "date"))} · ${personne} · ${acte}`
    + (quantite && quantite !== "1" ? ` × ${quantite}` : "")
    + (prix ? ` — ${prixLisible(prix)}` : "");
}

function ouvrirActe(calc, li) {
  if (li.querySelector(".remb-editeur-acte")) return li.querySelector(".remb-editeur-acte");
  const rang = li.dataset.rang;
  const editeur = instancier(calc, "editeur-acte", { __i__: rang });
  const valeurs = {};
  li.querySelectorAll('input[type="hidden"]').forEach((h) => { valeurs[h.name] = h.value; h.remove(); });
  li.prepend(editeur);
  li.classList.add("remb-acte-ouvert");
  majPersonnes(calc);
  const f = calc.querySelector("form");
  for (const [nom, valeur] of Object.entries(valeurs)) ecrire(f, nom, valeur);
  visibilite(f, editeur);
  return editeur;
}

function fermerActe(calc, li) {
  const editeur = li.querySelector(".remb-editeur-acte");
  if (!editeur) return;
  const valeurs = [...editeur.querySelectorAll("[name]")].map((el) => [el.name, el.value]);
  editeur.remove();
  li.classList.remove("remb-acte-ouvert");
  for (const [nom, valeur] of valeurs) {
    if (valeur.trim() === "") continue;
    const h = document.createElement("input");
    h.type = "hidden"; h.name = nom; h.value = valeur;
    li.prepend(h);
  }
  majResume(calc, li);
  li.querySelector('[data-action="modifier"]').focus();
}

function nouvelleLigne(calc, valeurs) {
  const n = elements(calc, "actes").length;
  const li = instancier(calc, "actes", { __i__: n });
  calc.querySelector('[data-liste="actes"]').append(li);
  for (const [cle, valeur] of Object.entries(valeurs)) if (valeur !== "") ecrireActe(li, cle, valeur);
  majResume(calc, li);
  return li;
}

function ajouterActe(calc) {
  const n = elements(calc, "actes").length;
  if (n >= ((donnees(calc).max || {}).actes || 300)) {
    annoncer(calc, "Nombre maximal de soins atteint : regroupez des soins identiques (quantité).");
    return;
  }
  const f = calc.querySelector("form");
  const annee = (f.elements.namedItem("annee") || {}).value || "";
  const derniere = n ? valeurActe(elements(calc, "actes")[n - 1], "date") : `${annee}-01-01`;
  const li = nouvelleLigne(calc, { personne: "personnes[0]", date: derniere });
  const editeur = ouvrirActe(calc, li);
  majCompte(calc);
  editeur.querySelector('select[name$="].acte"]').focus();
  annoncer(calc, `Soin n° ${n + 1} ajouté : choisissez-le, puis « Terminé ».`);
}

function dupliquerActe(calc, li) {
  const editeur = li.querySelector(".remb-editeur-acte");
  const copies = Math.max(1, Math.min(52, Number(editeur.querySelector('[data-role="copies"]').value) || 1));
  const pas = editeur.querySelector('[data-role="intervalle"]').value;
  const valeurs = {};
  editeur.querySelectorAll("[name]").forEach((el) => { valeurs[el.name.split("].")[1]] = el.value; });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(valeurs.date || "")) {
    annoncer(calc, "Indiquez d'abord la date du soin à répéter.");
    return;
  }
  const place = ((donnees(calc).max || {}).actes || 300) - elements(calc, "actes").length;
  const n = Math.min(copies, place);
  for (let k = 1; k <= n; k += 1) nouvelleLigne(calc, { ...valeurs, date: decaler(valeurs.date, pas, k) });
  majCompte(calc);
  annoncer(calc, `${n} copie(s) ajoutée(s) à la fin de la liste.`);
  recalculer(calc);
}

function retirerLigne(calc, el, liste, silencieux = false) {
  const rang = Number(el.dataset.rang);
  const suivant = el.nextElementSibling;
  el.remove();
  elements(calc, liste).forEach((x) => {
    const k = Number(x.dataset.rang);
    if (k > rang) { renommer(calc, x, `${liste}[${k}]`, `${liste}[${k - 1}]`); x.dataset.rang = k - 1; }
  });
  if (liste === "contrats") {
    elements(calc, "contrats").forEach((c, j) => {
      const div = c.querySelector("[data-lignes-pour]");
      if (div) div.dataset.lignesPour = j;
    });
    majBoutonsContrats(calc);
  }
  majCompte(calc);
  if (silencieux) return;
  const cible = (suivant && suivant.querySelector("button")) ||
    calc.querySelector(`[data-action="ajouter"][data-liste="${liste}"]`);
  if (cible) cible.focus();
  annoncer(calc, liste === "actes" ? "Soin retiré." : "Contrat retiré.");
}

function majCompte(calc) {
  const compte = calc.querySelector('[data-compte="actes"]');
  if (compte) compte.textContent = elements(calc, "actes").length;
}

// --- Les contrats et leurs lignes --------------------------------------------------------------

function majBoutonsContrats(calc) {
  const cartes = elements(calc, "contrats");
  const max = (donnees(calc).max || {}).contrats || 4;
  cartes.forEach((c) => { c.querySelector('[data-action="retirer"]').disabled = cartes.length <= 2; });
  const ajouter = calc.querySelector('[data-action="ajouter"][data-liste="contrats"]');
  if (ajouter) ajouter.disabled = cartes.length >= max;
}

function prefixeLignes(calc, carte) {
  return carte ? `contrats[${carte.dataset.rang}].garanties` : "garanties";
}

function materialiser(calc, carte) {
  // Les lignes d'un contrat ne sont écrites qu'au premier dépliage : avant, le contrat est son
  // préréglage (le moteur le lit tel quel).
  const div = carte.querySelector("[data-lignes-pour]");
  if (div.childElementCount) return false;
  const j = carte.dataset.rang;
  const blocs = [];
  let rubrique = null;
  let groupe = null;
  for (const ligne of donnees(calc).lignes) {
    if (ligne.rubrique !== rubrique) {
      rubrique = ligne.rubrique;
      const titre = document.createElement("h3");  // sous « Les contrats », après les h2 du formulaire
      titre.className = "remb-rubrique";
      titre.textContent = rubrique;
      groupe = document.createElement("div");
      groupe.className = "remb-lignes";
      blocs.push(titre, groupe);
    }
    const el = instancier(calc, ligne.precise ? "ligne-precise" : "ligne-poste",
      { __c__: j, __l__: ligne.id });
    el.querySelector("legend").textContent = ligne.libelle;
    const aide = el.querySelector(".remb-aide-ligne");
    if (aide) { if (ligne.aide) aide.textContent = ligne.aide; else aide.remove(); }
    el.querySelectorAll("label, option").forEach((x) => {
      x.textContent = x.textContent.replace("__unite__", ligne.unite)
        .replace("__poste__", ligne.libelle_poste);
    });
    groupe.append(el);
  }
  div.append(...blocs);
  remplirLignes(calc, carte, lireChamp(calc, carte, "prereglage"));
  return true;
}

function lireChamp(calc, carte, cle) {
  const nom = carte ? `contrats[${carte.dataset.rang}].${cle}` : cle;
  const el = calc.querySelector("form").elements.namedItem(nom);
  return el ? el.value : "";
}

function remplirLignes(calc, carte, ident) {
  // Lignes du préréglage ; sans préréglage, « pas de garantie » (ou « comme la ligne du poste »).
  const f = calc.querySelector("form");
  const p = donnees(calc).prereglages[ident];
  const prefixe = prefixeLignes(calc, carte);
  const racine = carte || calc;
  for (const ligne of donnees(calc).lignes) {
    const base = `${prefixe}.${ligne.id}`;
    const g = (p && p.garanties[ligne.id]) || {};
    ecrire(f, `${base}.forme`, g.forme || (ligne.precise ? "" : "aucune"));
    ecrire(f, `${base}.secu_incluse`, g.secu_incluse === false ? "false" : "true");
    for (const cle of ["taux", "montant", "plafond", ...donnees(calc).limites]) {
      ecrire(f, `${base}.${cle}`, g[cle] === undefined ? "" : String(g[cle]));
    }
  }
  notes(calc, racine, p);
  visibilite(f, racine);
}

function notes(calc, racine, p) {
  const lignes = donnees(calc).lignes;
  racine.querySelectorAll("[data-note-pour]").forEach((el) => {
    const n = p && p.notes[el.dataset.notePour];
    const doute = n && ["moyenne", "basse"].includes(n.confiance);
    el.hidden = !(n && (n.note || doute));
    el.replaceChildren();
    if (el.hidden) return;
    if (doute) {
      const fort = document.createElement("strong");
      fort.textContent = "À confirmer. ";
      el.append(fort);
    }
    el.append(`${n.note || ""}${n.source ? ` (${n.source})` : ""}`);
  });
  const note = racine.querySelector("[data-note-prereglage]");
  if (!note) return;
  note.hidden = !p;
  if (!p) return;
  const douteuses = Object.values(p.notes).filter((n) => ["moyenne", "basse"].includes(n.confiance)).length;
  const lien = document.createElement("a");
  lien.href = `../comparer-des-contrats/#prereglage-${p.id.replace(/_/g, "-")}`;
  lien.textContent = "sources et lignes";
  note.replaceChildren(`${p.description} `
    + (p.confiance === "illustratif" ? "Exemple du guide, sans source. " : "")
    + (douteuses ? `${douteuses} ligne(s) sur ${lignes.length} à confirmer. ` : ""), lien, ".");
}

function appliquerPrereglage(calc, select) {
  const carte = select.closest(".remb-carte-contrat-saisie");
  const ident = select.value;
  const p = donnees(calc).prereglages[ident];
  const f = calc.querySelector("form");
  if (carte && p) {
    const autres = Object.values(donnees(calc).prereglages);
    const nom = f.elements.namedItem(`contrats[${carte.dataset.rang}].nom`);
    // Un nom ou une cotisation laissés par défaut suivent le préréglage ; ceux du lecteur restent.
    if (!nom.value.trim() || /^Contrat \d+$/.test(nom.value)
        || autres.some((x) => x.nom_court === nom.value)) {
      nom.value = p.nom_court;
    }
    const cot = f.elements.namedItem(`contrats[${carte.dataset.rang}].cotisation_annuelle`);
    const montant = Number(cot.value.replace(",", "."));
    if (!cot.value.trim() || autres.some((x) => Number(x.cotisation_exemple) === montant)) {
      cot.value = p.cotisation_exemple.replace(".00", "");
    }
    ecrire(f, `contrats[${carte.dataset.rang}].css`, String(p.css));
  }
  if (p) ecrire(f, carte ? `contrats[${carte.dataset.rang}].contrat_responsable` : "contrat_responsable",
    String(p.contrat_responsable));
  const deplie = !carte || carte.querySelector("[data-lignes-pour]").childElementCount;
  if (deplie) remplirLignes(calc, carte, ident);
  else notes(calc, carte, p);
  visibilite(f, carte || calc);
}

function ajouterContrat(calc) {
  const n = elements(calc, "contrats").length;
  const carte = instancier(calc, "contrats", { __i__: n });
  calc.querySelector('[data-liste="contrats"]').append(carte);
  carte.querySelector(`[name="contrats[${n}].nom"]`).value = `Contrat ${n + 1}`;
  visibilite(calc.querySelector("form"), carte);
  majBoutonsContrats(calc);
  carte.querySelector("input").focus();
  annoncer(calc, `Contrat ${n + 1} ajouté : choisissez un préréglage ou remplissez ses lignes.`);
  recalculer(calc);
}

// --- État : adresse compressée, fichier JSON ----------------------------------------------------

function base64url(octets) {
  let texte = "";
  for (let i = 0; i < octets.length; i += 0x8000) {
    texte += String.fromCharCode(...octets.subarray(i, i + 0x8000));
  }
  return btoa(texte).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function depuisBase64url(texte) {
  const brut = atob(texte.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(brut, (c) => c.charCodeAt(0));
}

async function compresser(texte) {
  const octets = new TextEncoder().encode(texte);
  if (typeof CompressionStream === "undefined") return `j${base64url(octets)}`;
  const flux = new Blob([octets]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return `z${base64url(new Uint8Array(await new Response(flux).arrayBuffer()))}`;
}

async function decompresser(code) {
  const octets = depuisBase64url(code.slice(1));
  if (code[0] === "j") return new TextDecoder().decode(octets);
  if (typeof DecompressionStream === "undefined") {
    throw new Error("ce navigateur ne sait pas décompresser ce lien");
  }
  const flux = new Blob([octets]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new TextDecoder().decode(await new Response(flux).arrayBuffer());
}

function etatCourant(calc) {
  const sortie = {};
  for (const [nom, valeur] of Object.entries(champs(calc.querySelector("form")))) {
    // Une forme vide (« comme la ligne du poste ») est un choix : elle reste dans l'état.
    if (valeur !== "" || nom.endsWith(".forme")) sortie[nom] = valeur;
  }
  return sortie;
}

async function ecrireAdresse(calc) {
  const code = await compresser(JSON.stringify(etatCourant(calc)));
  history.replaceState(history.state, "", `${location.pathname}${location.search}#etat=${code}`);
}

function rangsDe(etat, liste) {
  const rangs = new Set();
  for (const cle of Object.keys(etat)) {
    const m = new RegExp(`^${liste}\\[(\\d+)\\]\\.`).exec(cle);
    if (m) rangs.add(Number(m[1]));
  }
  return rangs.size ? Math.max(...rangs) + 1 : 0;
}

function reconstruire(calc, etat) {
  // Un état (champs du formulaire) : autant de personnes, de soins et de contrats, puis les valeurs.
  const f = calc.querySelector("form");
  const max = donnees(calc).max || {};
  for (const liste of ["personnes", "actes", "contrats"]) elements(calc, liste).forEach((x) => x.remove());
  const nbP = Math.min(Math.max(rangsDe(etat, "personnes"), 1), max.personnes || 6);
  const listeP = calc.querySelector('[data-liste="personnes"]');
  for (let i = 0; i < nbP; i += 1) listeP.append(instancier(calc, "personnes", { __i__: i }));
  const nbC = Math.min(Math.max(rangsDe(etat, "contrats"), 2), max.contrats || 4);
  const listeC = calc.querySelector('[data-liste="contrats"]');
  for (let j = 0; j < nbC; j += 1) listeC.append(instancier(calc, "contrats", { __i__: j }));
  for (const [nom, valeur] of Object.entries(etat)) {
    if (!/^(actes|contrats\[\d+\]\.garanties)/.test(nom)) ecrire(f, nom, valeur);
  }
  elements(calc, "contrats").forEach((carte, j) => {
    if (Object.keys(etat).some((k) => k.startsWith(`contrats[${j}].garanties.`))) {
      // Comme le moteur : les lignes absentes sont celles du préréglage (ou aucune garantie).
      materialiser(calc, carte);
      remplirLignes(calc, carte, lireChamp(calc, carte, "prereglage"));
      for (const [nom, valeur] of Object.entries(etat)) {
        if (nom.startsWith(`contrats[${j}].garanties.`)) ecrire(f, nom, valeur);
      }
      carte.querySelector("details.remb-tableau").open = true;
    }
    notes(calc, carte, donnees(calc).prereglages[lireChamp(calc, carte, "prereglage")]);
  });
  const nbA = Math.min(rangsDe(etat, "actes"), max.actes || 300);
  for (let i = 0; i < nbA; i += 1) {
    const valeurs = {};
    for (const [nom, valeur] of Object.entries(etat)) {
      if (nom.startsWith(`actes[${i}].`)) valeurs[nom.slice(nom.indexOf("].") + 2)] = valeur;
    }
    nouvelleLigne(calc, valeurs);
  }
  majPersonnes(calc);
  majBoutonsContrats(calc);
  majCompte(calc);
  visibilite(f, calc);
}

function aplatir(valeur, chemin, sortie) {
  if (Array.isArray(valeur)) valeur.forEach((v, i) => aplatir(v, `${chemin}[${i}]`, sortie));
  else if (valeur !== null && typeof valeur === "object") {
    for (const [k, v] of Object.entries(valeur)) aplatir(v, chemin ? `${chemin}.${k}` : k, sortie);
  } else if (valeur !== null && valeur !== undefined) sortie[chemin] = String(valeur);
  return sortie;
}

function etatDeLaDemande(demande) {
  // Un fichier au format de comparer_contrats : ses chemins sont les noms des champs ; seules les
  // personnes se désignent autrement (par leur nom dans le fichier, par leur rang dans la page).
  const etat = aplatir(demande, "", {});
  const refs = {};
  for (const [cle, valeur] of Object.entries(etat)) {
    const m = /^personnes\[(\d+)\]\.id$/.exec(cle);
    if (m) refs[valeur] = `personnes[${m[1]}]`;
  }
  for (const cle of Object.keys(etat)) {
    if (/^actes\[\d+\]\.personne$/.test(cle)) etat[cle] = refs[etat[cle]] || etat[cle];
  }
  return etat;
}

function telecharger(calc) {
  const zone = calc.querySelector(".remb-sortie");
  const resultat = zone.querySelector("[data-demande]");
  if (zone.dataset.perime || !resultat) {
    annoncer(calc, "Corrigez d'abord la saisie signalée : le fichier reprend le dernier calcul réussi.");
    return;
  }
  const texte = JSON.stringify(JSON.parse(resultat.dataset.demande), null, 2);
  const lien = document.createElement("a");
  lien.href = URL.createObjectURL(new Blob([texte], { type: "application/json" }));
  lien.download = "comparaison-contrats.json";
  document.body.append(lien);
  lien.click();
  lien.remove();
  setTimeout(() => URL.revokeObjectURL(lien.href), 1000);
  annoncer(calc, "Fichier « comparaison-contrats.json » enregistré sur votre appareil.");
}

async function ouvrir(calc, fichier) {
  try {
    if (fichier.size > FICHIER_MAX) throw new Error("fichier trop gros (2 Mo au plus)");
    const demande = JSON.parse(await fichier.text());
    if (!demande || typeof demande !== "object" || !Array.isArray(demande.contrats)) {
      throw new Error("ce n'est pas une comparaison (il manque la liste « contrats »)");
    }
    const etat = etatDeLaDemande(demande);
    // La page choisit un régime pour tout le foyer : celui de la première personne du fichier
    // (sans régime : le régime général, comme pour le moteur). Un profil chargé, lui, le garde.
    etat.regime = etat["personnes[0].situation.regime"] || "general";
    reconstruire(calc, etat);
    annoncer(calc, `Fichier « ${fichier.name} » ouvert.`);
    recalculer(calc);
  } catch (erreur) {
    annoncer(calc, `Ce fichier n'a pas pu être ouvert : ${erreur.message}.`);
  }
}

// --- Branchement -------------------------------------------------------------------------------

// Action d'un bouton → ce qu'elle fait, et si le calcul doit repartir ensuite.
const ACTIONS = {
  "ajouter:personnes": [(calc) => ajouterPersonne(calc), true],
  "ajouter:actes": [(calc) => ajouterActe(calc), true],
  "ajouter:contrats": [(calc) => ajouterContrat(calc), false],
  "retirer:personnes": [(calc, b) => retirerPersonne(calc, b.closest(LISTES.personnes)), true],
  "retirer:actes": [(calc, b) => retirerLigne(calc, b.closest(LISTES.actes), "actes"), true],
  "retirer:contrats": [(calc, b) => retirerLigne(calc, b.closest(LISTES.contrats), "contrats"), true],
  "modifier:": [(calc, b) => ouvrirActe(calc, b.closest(LISTES.actes))
    .querySelector("select, input").focus(), false],
  "fermer:": [(calc, b) => fermerActe(calc, b.closest(LISTES.actes)), false],
  "dupliquer:": [(calc, b) => dupliquerActe(calc, b.closest(LISTES.actes)), false],
  "profil:": [(calc) => chargerProfil(calc), true],
  "telecharger:": [(calc) => telecharger(calc), false],
  "ouvrir:": [(calc) => calc.querySelector('[data-role="fichier"]').click(), false],
};

function surClic(calc, e) {
  const bouton = e.target.closest("button[data-action]");
  if (!bouton || !calc.contains(bouton)) return;
  const action = ACTIONS[`${bouton.dataset.action}:${bouton.dataset.liste || ""}`];
  if (!action) return;  // copier, imprimer : remb-calculateur.js
  const [faire, recalcule] = action;
  faire(calc, bouton);
  if (recalcule) recalculer(calc);
}

function chargerProfil(calc) {
  const f = calc.querySelector("form");
  const p = donnees(calc).profils[f.elements.namedItem("profil").value];
  if (!p) { annoncer(calc, "Choisissez d'abord un profil."); return; }
  const annee = f.elements.namedItem("annee").value.trim() || String(p.annee);
  const etat = etatCourant(calc);
  for (const cle of Object.keys(etat)) if (/^(personnes|actes)\[/.test(cle)) delete etat[cle];
  const demande = etatDeLaDemande({ personnes: p.personnes, actes: p.actes });
  for (const [cle, valeur] of Object.entries(demande)) {
    etat[cle] = /^actes\[\d+\]\.date$/.test(cle) ? `${annee}${valeur.slice(4)}` : valeur;
  }
  reconstruire(calc, etat);
  annoncer(calc, `Profil « ${p.nom} » chargé : ${p.actes.length} soins.`);
}

function lier(calc) {
  if (calc.dataset.lieComparateur) return;
  calc.dataset.lieComparateur = "1";
  const f = calc.querySelector("form");
  // Avant remb-calculateur.js (phase de capture) : le préréglage remplit les lignes, puis le
  // calcul part avec les nouvelles valeurs.
  f.addEventListener("change", (e) => {
    const el = e.target;
    if (el.name && el.name.endsWith("prereglage")) appliquerPrereglage(calc, el);
    if (el.name && /^personnes\[\d+\]\.id$/.test(el.name)) majPersonnes(calc);
  }, true);
  calc.addEventListener("toggle", (e) => {
    const carte = e.target.closest && e.target.closest(LISTES.contrats);
    if (e.target.matches("details.remb-tableau") && e.target.open && carte) materialiser(calc, carte);
  }, true);
  calc.addEventListener("click", (e) => surClic(calc, e));
  calc.addEventListener("remb-erreur", ({ detail }) => {
    // Le champ fautif doit exister et se voir : ouvrir le soin ou les lignes du contrat.
    const acte = /^actes\[(\d+)\]/.exec(detail.champ);
    const contrat = /^contrats\[(\d+)\]\.garanties\./.exec(detail.champ);
    if (acte) {
      const li = elements(calc, "actes")[Number(acte[1])];
      if (li) ouvrirActe(calc, li);
    } else if (contrat) {
      const carte = elements(calc, "contrats")[Number(contrat[1])];
      if (carte) materialiser(calc, carte);
    }
    const cible = calc.querySelector(`[data-erreur-pour="${CSS.escape(detail.champ)}"]`);
    for (let d = cible && cible.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  });
  const fichier = calc.querySelector('[data-role="fichier"]');
  if (fichier) {
    fichier.addEventListener("change", () => {
      if (fichier.files[0]) ouvrir(calc, fichier.files[0]);
      fichier.value = "";
    });
  }
  // Les explications ouvertes le restent quand le résultat est recalculé (même clé).
  const zone = calc.querySelector(".remb-sortie");
  const ouvertes = new Set();
  zone.addEventListener("toggle", ({ target }) => {
    const cle = target.dataset && target.dataset.cle;
    if (cle && target.open) ouvertes.add(cle);
    else if (cle && zone.contains(target)) ouvertes.delete(cle);
  }, true);
  // L'annonce du résultat : une phrase, pas tout le résultat.
  new MutationObserver(() => {
    zone.querySelectorAll("details[data-cle]").forEach((d) => {
      if (ouvertes.has(d.dataset.cle)) d.open = true;
    });
    const racine = zone.querySelector("[data-annonce]");
    if (racine && calc.dataset.etat === "pret") annoncer(calc, racine.dataset.annonce);
  }).observe(zone, { childList: true });
  if (calc.dataset.calculateur === "comparateur") {
    calc.rembAdresse = () => ecrireAdresse(calc);
    majPersonnes(calc);
    majBoutonsContrats(calc);
    elements(calc, "contrats").forEach((carte) => {
      notes(calc, carte, donnees(calc).prereglages[lireChamp(calc, carte, "prereglage")]);
    });
    const m = /^#etat=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (m) {
      decompresser(m[1]).then((texte) => {
        reconstruire(calc, JSON.parse(texte));
        annoncer(calc, "Comparaison rouverte depuis le lien.");
        recalculer(calc);
      }).catch((erreur) => annoncer(calc, `Ce lien n'a pas pu être relu (${erreur.message}) ;`
        + " voici l'exemple par défaut."));
    }
  } else {
    notes(calc, calc, donnees(calc).prereglages[lireChamp(calc, null, "prereglage")]);
  }
}

function lierPage() {
  document.querySelectorAll(".remb-comparateur, .remb-tableau-complet").forEach(lier);
}

// Chargé à la demande par remb-calculateur.js, sur les seules pages qui portent un comparateur ou
// le tableau complet (les autres pages n'en téléchargent rien) ; il appelle lierPage à chaque page.
export { lierPage };
