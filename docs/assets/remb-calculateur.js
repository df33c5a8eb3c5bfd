// Calculateurs en direct : relie chaque formulaire au moteur remb_core (Pyodide, Web Worker).
// Le script ne contient aucune règle : il lit les champs, les envoie au moteur, affiche le HTML
// rendu par le moteur, et tient à jour l'état data-etat (statique, chargement, pret, erreur).
const URL_WORKER = new URL("remb-worker.js", import.meta.url);
let worker = null;
let moteurPret = false;
let echecMoteur = null;
let prochainId = 0;
const enAttente = new Map(); // id → calculateur (élément)
window.rembMoteur = { demarrages: 0, pret: false, dureeDemarrage: null };

function demarrerMoteur() {
  if (worker) return;
  const precoce = window.rembWorkerPrecoce;  // créé dans l'en-tête de la page (overrides/main.html)
  worker = precoce ? precoce.worker : new Worker(URL_WORKER, { type: "module" });
  window.rembMoteur.demarrages += 1;
  worker.onmessage = recevoir;
  if (precoce) precoce.recus.splice(0).forEach((data) => recevoir({ data }));
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
  // Le worker démarre dès que ce script s'exécute (page analysée) sur une page qui porte un
  // calculateur : Pyodide se charge sur un autre cœur pendant que le thème initialise la page.
  // Attendre requestIdleCallback le retardait d'environ une seconde (la tâche de démarrage du
  // thème), sans rien soulager : le fil principal ne fait que créer le worker.
  if (worker || !document.querySelector(".remb-calculateur")) return;
  demarrerMoteur();
}

function lierPage() {
  // Le dialogue de recherche du thème n'a pas de nom accessible : on lui en donne un.
  const recherche = document.querySelector(".md-search");
  if (recherche && !recherche.hasAttribute("aria-label")) recherche.setAttribute("aria-label", "Recherche");
  document.querySelectorAll(".remb-calculateur").forEach(lier);
  demarrerAuRepos();
}

demarrerAuRepos();

if (window.document$) window.document$.subscribe(lierPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", lierPage);
else lierPage();
