// Calculateurs en direct : relie chaque formulaire au moteur remb_core (Pyodide, Web Worker).
// Le script ne contient aucune règle : il lit les champs, les envoie au moteur, affiche le HTML
// rendu par le moteur, et tient à jour l'état data-etat (statique, chargement, pret, erreur).
const URL_WORKER = new URL("remb-worker.js", import.meta.url);
let worker = null;
let moteurPret = false;
let echecMoteur = null;
let prochainId = 0;
// Aucune date qui change un calcul (remb-dates-effet : valeur de barème, acte, plafonds de la CSS)
// n'est passée depuis la construction (voir afficherFraicheur) : le barème de la page vaut encore
// au jour du lecteur.
let baremeDeLaPage = true;
const enAttente = new Map(); // id → calculateur (élément)
window.rembMoteur = { demarrages: 0, pret: false, dureeDemarrage: null };

function demarrerMoteur() {
  if (worker) return;
  const precoce = window.rembWorkerPrecoce;  // créé dans l'en-tête de la page (overrides/main.html)
  worker = precoce ? precoce.worker : new Worker(URL_WORKER, { type: "module" });
  window.rembMoteur.demarrages += 1;
  worker.onmessage = recevoir;
  if (precoce) precoce.recus.splice(0).forEach((data) => recevoir({ data }));
  apresInstallation(() => worker.postMessage({ type: "demarrer" }));
}

function recevoir({ data }) {
  if (data.type === "pret") {
    moteurPret = true;
    Object.assign(window.rembMoteur, { pret: true, dureeDemarrage: data.duree });
    document.querySelectorAll(".remb-calculateur").forEach((c) => c.rembCalculer && c.rembCalculer());
  } else if (data.type === "echec") {
    echecMoteur = data.message;
    document.querySelectorAll(".remb-calculateur").forEach((c) => afficherEchec(c, data.message));
  } else if (data.type === "resultat") {
    const calc = enAttente.get(data.id);
    enAttente.delete(data.id);
    if (calc && calc.rembDernierId === data.id) afficherResultat(calc, data);
  }
}

function lireChamps(formulaire) {
  const champs = {};
  for (const el of formulaire.elements) {
    if (!el.name) continue;
    champs[el.name] = el.type === "checkbox" ? String(el.checked) : el.value;
  }
  return champs;
}

function appliquerVisibilite(formulaire) {
  const champs = lireChamps(formulaire);
  formulaire.querySelectorAll("[data-visible-si]").forEach((bloc) => {
    const [nom, valeurs] = bloc.dataset.visibleSi.split("=");
    bloc.hidden = !valeurs.split(",").includes(champs[nom] ?? "");
  });
  // Un bloc `data-visible-si-rempli="a b c"` n'est visible que si l'un de ces champs est rempli
  // (les soins du mode année : un de plus que le dernier saisi).
  formulaire.querySelectorAll("[data-visible-si-rempli]").forEach((bloc) => {
    bloc.hidden = !bloc.dataset.visibleSiRempli.split(" ").some((nom) => (champs[nom] ?? "") !== "");
  });
}

function effacerErreurs(calc) {
  calc.querySelectorAll(".remb-erreur").forEach((p) => { p.hidden = true; p.textContent = ""; });
  calc.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

function marquerPerime(calc, perime) {
  // Un résultat qui ne correspond plus à la saisie reste visible mais grisé, et le dit.
  const zone = calc.querySelector(".remb-sortie");
  if (perime) zone.dataset.perime = "true";
  else delete zone.dataset.perime;
}

function afficherResultat(calc, data) {
  const statut = calc.querySelector(".remb-statut");
  effacerErreurs(calc);
  if (data.echec) {
    // Le moteur a échoué sur cette saisie-là : ce n'est pas un échec du démarrage.
    marquerPerime(calc, true);
    calc.dataset.etat = "erreur";
    statut.textContent = "Ce calcul n'a pas abouti avec ces valeurs : modifiez la saisie. "
      + "Le résultat grisé ne correspond plus à ce que vous avez saisi.";
    return;
  }
  const { sortie } = data;
  if (!sortie.ok) {
    marquerPerime(calc, true);
    const { champ, message } = sortie.erreur;
    // Crochet : un calculateur à lignes repliées (comparateur) ouvre celle du champ fautif.
    calc.dispatchEvent(new CustomEvent("remb-erreur", { detail: { champ, message } }));
    const cible = calc.querySelector(`[data-erreur-pour="${CSS.escape(champ)}"]`);
    const champEl = calc.querySelector(`[name="${CSS.escape(champ)}"]`);
    if (cible && !cible.parentElement.closest("[hidden]")) {
      const replie = cible.closest("details");
      if (replie) replie.open = true;
      cible.textContent = message;
      cible.hidden = false;
      if (champEl) champEl.setAttribute("aria-invalid", "true");
      statut.textContent = "Le calcul n'a pas pu être fait : corrigez le champ signalé. "
        + "Le résultat grisé ne correspond plus à la saisie.";
    } else {
      statut.textContent = `${message} Le résultat grisé ne correspond plus à la saisie.`;
    }
    calc.dataset.etat = "erreur";
    return;
  }
  const zone = calc.querySelector(".remb-sortie");
  zone.innerHTML = sortie.html;
  marquerPerime(calc, false);
  encadrerTableaux(zone);
  zone.dataset.entrees = JSON.stringify(calc.rembChampsEnvoyes);
  zone.dataset.duree = data.duree.toFixed(2);
  statut.textContent = "Résultat à jour.";
  calc.dataset.etat = "pret";
}

function afficherEchec(calc, message) {
  calc.dataset.etat = "erreur";
  calc.querySelector(".remb-statut").textContent =
    "Le calcul en direct n'a pas pu démarrer dans ce navigateur ; le résultat affiché est celui "
    + `des valeurs par défaut. (${message})`;
}

function dejaAJour(calc, champs) {
  // Le résultat affiché a été calculé pour exactement ces champs : à la construction, par ce même
  // moteur sur ces mêmes barèmes (l'archive de remb_core vient de la même construction), ou en
  // direct. Le recalculer redonnerait le même : le calculateur est prêt sans refaire le calcul
  // (une page ouverte par la navigation instantanée, le tableau complet, le comparateur). Un
  // formulaire sans champ « date » calcule au jour du lecteur : même résultat tant que le barème
  // de la page vaut.
  const zone = calc.querySelector(".remb-sortie");
  if (!zone || zone.dataset.perime || calc.dataset.etat === "erreur") return false;
  let entrees;
  try { entrees = JSON.parse(zone.dataset.entrees || "null"); } catch { return false; }
  if (!entrees || typeof entrees !== "object") return false;
  const attendus = { ...champs };
  if (!("date" in champs) && baremeDeLaPage && entrees.date === calc.dataset.dateBareme) {
    attendus.date = entrees.date;
  }
  const cles = Object.keys(attendus);
  return cles.length === Object.keys(entrees).length && cles.every((c) => entrees[c] === attendus[c]);
}

function modifie(el) {
  if (el.type === "checkbox") return el.checked !== el.defaultChecked;
  if (el.tagName === "SELECT") {
    const defaut = [...el.options].find((o) => o.defaultSelected) || el.options[0];
    return el.value !== (defaut ? defaut.value : "");
  }
  return el.value !== el.defaultValue;
}

function mettreAJourAdresse(calc, formulaire) {
  if (calc.rembAdresse) return calc.rembAdresse();  // crochet : état propre (comparateur)
  // Seuls les champs changés par le lecteur vont dans l'adresse : le lien reste court.
  const params = new URLSearchParams({ calc: calc.dataset.calculateur });
  for (const el of formulaire.elements) {
    if (el.name && modifie(el)) params.set(el.name, el.type === "checkbox" ? String(el.checked) : el.value);
  }
  history.replaceState(history.state, "", `${location.pathname}?${params}${location.hash}`);
}

function lier(calc) {
  if (calc.dataset.lie) return;
  calc.dataset.lie = "1";
  const formulaire = calc.querySelector("form");
  const statut = calc.querySelector(".remb-statut");
  const params = new URLSearchParams(location.search);
  const depuisAdresse = params.get("calc") === calc.dataset.calculateur;
  if (depuisAdresse) {
    for (const el of formulaire.elements) {
      if (!el.name || !params.has(el.name)) continue;
      if (el.type === "checkbox") el.checked = params.get(el.name) === "true";
      else el.value = params.get(el.name);
    }
  }
  appliquerVisibilite(formulaire);

  let adresseEnAttente = null;
  calc.rembCalculer = (saisie = false) => {
    const champs = lireChamps(formulaire);
    if (saisie) {  // l'adresse suit la saisie, après une courte pause (pas à chaque touche)
      clearTimeout(adresseEnAttente);
      adresseEnAttente = setTimeout(() => mettreAJourAdresse(calc, formulaire), 250);
    }
    if (echecMoteur) return afficherEchec(calc, echecMoteur);
    demarrerMoteur();
    if (!moteurPret) {
      calc.dataset.etat = "chargement";
      statut.textContent = "Chargement du moteur de calcul dans votre navigateur…";
      return;
    }
    if (!saisie && dejaAJour(calc, champs)) {
      calc.rembDernierId = 0;  // une réponse encore attendue n'a plus à s'afficher
      statut.textContent = "Résultat à jour.";
      calc.dataset.etat = "pret";
      // Le moteur charge tout de même, sans rien calculer, ce que ce calculateur demandera à la
      // première saisie (les modules et les données du comparateur, par exemple).
      if (!calc.rembPrepare) {
        calc.rembPrepare = true;
        worker.postMessage({ type: "preparer", calculateur: calc.dataset.type || calc.dataset.calculateur });
      }
      return;
    }
    const id = ++prochainId;
    calc.rembDernierId = id;
    calc.rembChampsEnvoyes = champs;
    enAttente.set(id, calc);
    worker.postMessage({ id, calculateur: calc.dataset.type || calc.dataset.calculateur, champs });
  };
  const surSaisie = () => { appliquerVisibilite(formulaire); calc.rembCalculer(true); };
  formulaire.addEventListener("input", surSaisie);
  formulaire.addEventListener("change", surSaisie);
  formulaire.addEventListener("submit", (e) => { e.preventDefault(); surSaisie(); });
  formulaire.addEventListener("focusin", demarrerMoteur, { once: true });
  calc.querySelector('[data-action="copier"]').addEventListener("click", async () => {
    await mettreAJourAdresse(calc, formulaire);
    try {
      await navigator.clipboard.writeText(location.href);
      statut.textContent = "Lien copié : il rouvre ce calcul avec les mêmes valeurs.";
    } catch {
      statut.textContent = `Lien de ce calcul : ${location.href}`;
    }
  });
  calc.querySelector('[data-action="imprimer"]').addEventListener("click", () => window.print());
  if (moteurPret || depuisAdresse) calc.rembCalculer();
}

function demarrerAuRepos() {
  // Le worker existe dès l'en-tête (il télécharge son runtime) ; ce script l'adopte dès qu'il
  // s'exécute sur une page qui porte un calculateur.
  if (worker || !document.querySelector(".remb-calculateur")) return;
  demarrerMoteur();
}

function titreDuTableau(cadre) {
  // La légende du tableau, sinon le titre du bloc replié qui le contient, sinon le titre de
  // section qui le précède.
  const legende = cadre.querySelector("caption") || cadre.closest("details")?.querySelector("summary");
  if (legende) return legende.textContent.trim();
  for (let n = cadre; n && n.tagName !== "ARTICLE"; n = n.parentElement) {
    for (let s = n.previousElementSibling; s; s = s.previousElementSibling) {
      if (/^H[1-6]$/.test(s.tagName)) return s.textContent.replace("¶", "").trim();
    }
  }
  return document.title;
}

function encadrerTableaux(zone) {
  // Les tableaux du résultat (le détail d'une année a sept colonnes) défilent dans leur cadre,
  // comme ceux des pages, plutôt que d'élargir la page sur un téléphone.
  zone.querySelectorAll("table").forEach((tableau) => {
    const cadre = document.createElement("div");
    cadre.className = "remb-defilant";
    tableau.before(cadre);
    cadre.append(tableau);
  });
  defilantsAuProchainAffichage();
}

let defilantsEnAttente = false;

function defilantsAuProchainAffichage() {
  // Mesurer les largeurs force la mise en page : à l'image suivante, une fois pour toutes les
  // réponses (ou la page) arrivées entre-temps, plutôt que tout de suite.
  if (defilantsEnAttente) return;
  defilantsEnAttente = true;
  requestAnimationFrame(() => { defilantsEnAttente = false; tableauxDefilants(); });
}

function tableauxDefilants() {
  // Un tableau plus large que l'écran (téléphone) défile dans le cadre que lui donne le thème
  // (ou encadrerTableaux) : ce cadre doit pouvoir prendre le focus pour défiler au clavier, et
  // porter un nom, distinct d'un cadre à l'autre. Seuls les cadres qui débordent vraiment entrent
  // dans l'ordre de tabulation ; on revoit à chaque changement de largeur.
  const vus = new Map();
  document.querySelectorAll(".md-typeset__scrollwrap, .remb-defilant").forEach((cadre) => {
    if (cadre.scrollWidth > cadre.clientWidth + 1) {
      const titre = titreDuTableau(cadre);
      const rang = (vus.get(titre) || 0) + 1;
      vus.set(titre, rang);
      cadre.tabIndex = 0;
      cadre.setAttribute("role", "region");
      cadre.setAttribute("aria-label", `Tableau : ${titre}${rang > 1 ? ` (${rang})` : ""}`);
      cadre.dataset.rembDefilant = "1";
    } else if (cadre.dataset.rembDefilant) {
      ["tabindex", "role", "aria-label", "data-remb-defilant"].forEach((a) => cadre.removeAttribute(a));
    }
  });
}

function apresInstallation(f) {
  // La page est installée quand le thème a fini ses gestionnaires de DOMContentLoaded et que la
  // première image est calculée : alors seulement le worker compile Pyodide (sur deux cœurs, le
  // faire plus tôt doublait les tâches du fil principal). Une seconde au plus (onglet caché :
  // pas d'image).
  let fait = false;
  const une = () => { if (!fait) { fait = true; f(); } };
  const ensuite = () => { requestAnimationFrame(() => setTimeout(une, 0)); setTimeout(une, 1000); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ensuite, { once: true });
  else ensuite();
}

function dateDuJour() {
  // La date du lecteur (heure locale), au format des dates d'effet : AAAA-MM-JJ.
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function afficherFraicheur() {
  // Le bandeau (overrides/main.html) liste les valeurs connues qui prennent effet après la date du
  // barème de la page ; on ne montre que celles dont la date est passée. Rien d'autre à calculer :
  // les textes sont écrits à la construction.
  const jour = dateDuJour();
  const dates = (document.querySelector('meta[name="remb-dates-effet"]') || {}).content || "";
  baremeDeLaPage = !dates.split(" ").some((d) => d && d <= jour);
  if (!baremeDeLaPage) calculerAuJour(jour);
  const bandeau = document.querySelector(".remb-fraicheur");
  if (!bandeau) return;
  const octets = Uint8Array.from(atob(bandeau.dataset.changements || ""), (c) => c.charCodeAt(0));
  const changements = JSON.parse(new TextDecoder().decode(octets) || "[]");  // base64 de JSON UTF-8
  const passes = changements.filter((c) => c.depuis <= jour);
  if (!passes.length) return;
  const parDate = new Map();
  for (const c of passes) {
    if (!parDate.has(c.date)) parDate.set(c.date, []);
    parDate.get(c.date).push(`${c.libelle} : ${c.apres}` + (c.avant ? ` (au lieu de ${c.avant})` : ""));
  }
  const phrases = [...parDate].map(([date, valeurs]) => `Depuis le ${date} : ${valeurs.join(" ; ")}.`);
  const calculateurs = document.querySelector(".remb-calculateur");
  bandeau.querySelector(".remb-fraicheur-texte").textContent = phrases.join(" ")
    + ` Les chiffres de cette page datent du barème du ${bandeau.dataset.dateBaremeTexte}`
    + (calculateurs ? " ; le calcul en direct utilise déjà les nouvelles valeurs." : ".");
  bandeau.hidden = false;
}

function calculerAuJour(jour) {
  // Une valeur a pris effet depuis la construction : un calculateur dont la date des soins vaut
  // encore celle du barème de la page calcule au jour du lecteur.
  document.querySelectorAll(".remb-calculateur").forEach((calc) => {
    const champ = calc.querySelector('input[name="date"]');
    if (champ && champ.value === calc.dataset.dateBareme && !calc.dataset.lie) {
      champ.value = champ.defaultValue = jour;
    }
  });
}

// Un tableau replié (le détail acte par acte) ne déborde qu'une fois déplié.
document.addEventListener("toggle", () => tableauxDefilants(), true);

window.addEventListener("resize", defilantsAuProchainAffichage);

function lierPage() {
  // Le dialogue de recherche du thème n'a pas de nom accessible : on lui en donne un.
  const recherche = document.querySelector(".md-search");
  if (recherche && !recherche.hasAttribute("aria-label")) recherche.setAttribute("aria-label", "Recherche");
  afficherFraicheur();
  document.querySelectorAll(".remb-calculateur").forEach(lier);
  if (document.querySelector(".remb-comparateur, .remb-tableau-complet")) {
    // Le script du comparateur (listes, préréglages, adresse) ne vient qu'avec ses pages.
    import("./remb-comparateur.js").then((m) => m.lierPage());
  }
  // Après le premier affichage : la page (et ses calculateurs) est prête sans attendre cette mesure.
  defilantsAuProchainAffichage();
  demarrerAuRepos();
}

demarrerAuRepos();

if (window.document$) window.document$.subscribe(lierPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", lierPage);
else lierPage();
