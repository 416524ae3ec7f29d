// Keeps the keys a host presses on the presenter before its script has started (a projector
// page may take a moment on a slow laptop), so none is lost: the page runs them in order once it
// is ready, and until then a note says they were noted.
(function () {
	var kept = [];
	function keep(event) {
		if (event.metaKey || event.ctrlKey || event.altKey || event.key === 'Tab') return;
		kept.push(event.key);
		document.documentElement.setAttribute('data-early-keys', String(kept.length));
	}
	addEventListener('keydown', keep);
	window.plenumEarlyKeys = function () {
		removeEventListener('keydown', keep);
		var keys = kept;
		kept = [];
		return keys;
	};
})();
